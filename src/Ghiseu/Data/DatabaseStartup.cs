using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Ghiseu.Data;

public static class DatabaseStartup
{
    /// <summary>Applies pending migrations (and WAL mode on SQLite).</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<GhiseuDb>>().CreateDbContextAsync(ct);
        if (!db.IsPostgres)
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        await db.Database.MigrateAsync(ct);
    }

    public static bool MigrateOnStart(IServiceProvider services) =>
        services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart;
}
