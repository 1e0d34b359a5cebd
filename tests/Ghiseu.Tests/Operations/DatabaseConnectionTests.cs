using Ghiseu.Data;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Operations;

[Collection(ApiCollection.Name)]
public class DatabaseConnectionTests(GhiseuFactory app)
{
    [Fact]
    public async Task AppConnection_HasTheProvidersSettings()
    {
        if (GhiseuFactory.IsPostgres)
        {
            var cs = await app.Db(db => Task.FromResult(db.Database.GetDbConnection().ConnectionString));
            Assert.Equal(256, new Npgsql.NpgsqlConnectionStringBuilder(cs).MaxAutoPrepare);
            return;
        }
        var (busy, temp) = await app.Db(async db =>
        {
            await db.Database.OpenConnectionAsync();
            var busy = await db.Database.SqlQueryRaw<long>("""SELECT timeout AS "Value" FROM pragma_busy_timeout""").SingleAsync();
            var temp = await db.Database.SqlQueryRaw<long>("""SELECT temp_store AS "Value" FROM pragma_temp_store""").SingleAsync();
            return (busy, temp);
        });
        Assert.Equal(10000, busy);
        Assert.Equal(2, temp); // MEMORY
    }

    [Theory]
    [InlineData("Host=db;Database=g", 256)]
    [InlineData("Host=db;Database=g;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Database=g;MaxAutoPrepare=10", 10)]
    public void PostgresConnectionString_PreparesStatementsUnlessItSaysOtherwise(string given, int expected) =>
        Assert.Equal(expected, new Npgsql.NpgsqlConnectionStringBuilder(DataServices.WithPreparedStatements(given)).MaxAutoPrepare);
}
