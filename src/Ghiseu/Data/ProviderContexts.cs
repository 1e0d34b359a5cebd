using Ghiseu.Features.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NpgsqlTypes;

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

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // The case's row in the CaseSearch FTS5 table; set by the insert trigger, never by EF (decision 012).
        var c = builder.Entity<Case>();
        var key = c.Property<long>(CaseSearch.KeyProperty).Metadata;
        key.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
        key.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        c.HasIndex(CaseSearch.KeyProperty).IsUnique();
    }
}

/// <summary>PostgreSQL, for production and scale-out. Migrations in Data/Migrations/Postgres.</summary>
public sealed class PostgresGhiseuDb(DbContextOptions<PostgresGhiseuDb> options) : GhiseuDb(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Full text: the folded case text plus the folded message bodies the Interactions trigger appends
        // to the unmapped MessageText column (decision 012). Text is folded already, so 'simple' suffices.
        var c = builder.Entity<Case>();
        c.Property<NpgsqlTsVector>(CaseSearch.VectorProperty)
            .HasComputedColumnSql("""to_tsvector('simple'::regconfig, "SearchText" || ' ' || "MessageText")""", stored: true);
        c.HasIndex(CaseSearch.VectorProperty).HasMethod("GIN");
    }
}

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
