using Microsoft.Data.Sqlite;
using Npgsql;

namespace Ghiseu.Bench;

/// <summary>
/// The ceiling: the database doing nothing but single-row inserts, one transaction each
/// (BEGIN; INSERT; COMMIT), each client on its own long-lived connection.
/// </summary>
public abstract class PlainInserts : IAsyncDisposable
{
    /// <summary>About the size of a case's subject and description.</summary>
    protected static readonly string Payload = string.Concat(Enumerable.Repeat("Cerere de informații privind pașaportul și actele de stare civilă. ", 6));

    /// <summary>Whether each client needs its own thread (the driver's async methods block).</summary>
    public abstract bool Blocking { get; }

    /// <summary>Opens one connection per client and creates the table.</summary>
    public abstract Task OpenAsync(int clients, CancellationToken ct);

    public abstract ValueTask<Outcome> InsertAsync(int client, CancellationToken ct);

    public abstract ValueTask DisposeAsync();
}

public sealed class PostgresPlainInserts(string connectionString) : PlainInserts
{
    private NpgsqlDataSource? source;
    private NpgsqlConnection[] connections = [];

    public override bool Blocking => false;

    public override async Task OpenAsync(int clients, CancellationToken ct)
    {
        await DisposeAsync();
        source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = Math.Max(100, clients) }.ConnectionString);
        await using (var cmd = source.CreateCommand("CREATE TABLE IF NOT EXISTS bench_plain(id uuid PRIMARY KEY, payload text NOT NULL, created timestamptz NOT NULL)"))
            await cmd.ExecuteNonQueryAsync(ct);
        connections = new NpgsqlConnection[clients];
        for (var i = 0; i < clients; i++) connections[i] = await source.OpenConnectionAsync(ct);
    }

    public override async ValueTask<Outcome> InsertAsync(int client, CancellationToken ct)
    {
        var conn = connections[client];
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using var cmd = new NpgsqlCommand("INSERT INTO bench_plain(id, payload, created) VALUES ($1, $2, $3)", conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.CreateVersion7() });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Payload });
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = DateTimeOffset.UtcNow });
        await cmd.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome.Success;
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var c in connections) await c.DisposeAsync();
        connections = [];
        if (source is not null) await source.DisposeAsync();
        source = null;
    }
}

/// <summary>SQLite with the app's settings: the same file, WAL (as DatabaseStartup sets it), default synchronous.</summary>
public sealed class SqlitePlainInserts(string databaseFile) : PlainInserts
{
    private SqliteConnection[] connections = [];

    public override bool Blocking => true;

    public override async Task OpenAsync(int clients, CancellationToken ct)
    {
        await DisposeAsync();
        var cs = $"Data Source={databaseFile}"; // what the app builds from Ghiseu__DataDirectory
        connections = new SqliteConnection[clients];
        for (var i = 0; i < clients; i++)
        {
            connections[i] = new SqliteConnection(cs);
            await connections[i].OpenAsync(ct);
        }
        await using var cmd = connections[0].CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS bench_plain(id TEXT PRIMARY KEY, payload TEXT NOT NULL, created INTEGER NOT NULL)";
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public override ValueTask<Outcome> InsertAsync(int client, CancellationToken ct)
    {
        var conn = connections[client];
        // BeginTransaction is BEGIN IMMEDIATE, as under EF Core's BeginTransactionAsync in the app.
        using var tx = conn.BeginTransaction();
        using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO bench_plain(id, payload, created) VALUES ($id, $payload, $created)";
        cmd.Parameters.AddWithValue("$id", Guid.CreateVersion7().ToString());
        cmd.Parameters.AddWithValue("$payload", Payload);
        cmd.Parameters.AddWithValue("$created", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        cmd.ExecuteNonQuery();
        tx.Commit();
        return ValueTask.FromResult(Outcome.Success);
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var c in connections) await c.DisposeAsync();
        connections = [];
        SqliteConnection.ClearAllPools();
    }

    public static string Version()
    {
        using var c = new SqliteConnection("Data Source=:memory:");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT sqlite_version()";
        return (string)cmd.ExecuteScalar()!;
    }
}
