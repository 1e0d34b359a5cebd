using Ghiseu.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ghiseu.Features.Background;

/// <summary>
/// Proof that no other live process uses this node's name, held for the process's life: a session
/// advisory lock on PostgreSQL (PostgreSQL lets it go when the connection dies with the process) or
/// an exclusive lock on a file in the data directory on SQLite (the kernel lets it go). Only the
/// holder may take back leases of earlier runs: a second process started with the same name must
/// not take work that a live twin is doing.
/// </summary>
public sealed class NodeNameLock(NodeIdentity node, IDbContextFactory<GhiseuDb> factory, IOptions<GhiseuOptions> options) : IAsyncDisposable
{
    private NpgsqlConnection? connection;
    private FileStream? file;

    public bool Held => connection is not null || file is not null;

    public async Task<bool> TryTakeAsync(CancellationToken ct)
    {
        if (Held) return true;
        await using var db = await factory.CreateDbContextAsync(ct);
        if (db.IsPostgres)
        {
            // Not pooled: the lock lasts as long as the session, and a pooled session outlives Dispose.
            var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false, KeepAlive = 30 }.ConnectionString);
            await c.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtextextended('ghiseu.node:' || @name, 0))", c);
            cmd.Parameters.AddWithValue("name", node.Name);
            if (await cmd.ExecuteScalarAsync(ct) is true) connection = c;
            else await c.DisposeAsync();
            return Held;
        }
        try
        {
            var dir = Path.Combine(options.Value.DataDirectory, "nodes");
            Directory.CreateDirectory(dir);
            file = new FileStream(Path.Combine(dir, node.Name + ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException) { file = null; } // another process holds it
        return Held;
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is not null) await connection.DisposeAsync();
        if (file is not null) await file.DisposeAsync();
        (connection, file) = (null, null);
    }
}
