using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Ghiseu.Data;

/// <summary>SQLite, the embedded default. Migrations in Data/Migrations/Sqlite.</summary>
public sealed class SqliteGhiseuDb(DbContextOptions<SqliteGhiseuDb> options) : GhiseuDb(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date type; stored as a sortable integer so ORDER BY and range filters run in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

/// <summary>PostgreSQL, for production and scale-out. Migrations in Data/Migrations/Postgres.</summary>
public sealed class PostgresGhiseuDb(DbContextOptions<PostgresGhiseuDb> options) : GhiseuDb(options);

/// <summary>Lets `dotnet ef migrations add` build the SQLite model without starting the host.</summary>
internal sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteGhiseuDb>
{
    public SqliteGhiseuDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteGhiseuDb>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Lets `dotnet ef migrations add` build the PostgreSQL model without a server.</summary>
internal sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresGhiseuDb>
{
    public PostgresGhiseuDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresGhiseuDb>().UseNpgsql("Host=localhost;Database=design").Options);
}
