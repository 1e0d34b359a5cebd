using System.Globalization;
using Npgsql;

namespace Ghiseu.Bench;

/// <summary>
/// The PostgreSQL server of the run: the one GHISEU_BENCH_POSTGRES names, or a throw-away one
/// started by scripts/pg-temp.sh under the workspace. Hands out fresh databases and drops them.
/// </summary>
public sealed class PgServer : IAsyncDisposable
{
    private readonly Workspace workspace;
    private readonly string admin;
    private readonly string? tempDir;
    private readonly List<string> databases = [];

    private PgServer(Workspace workspace, string admin, string? tempDir)
    {
        this.workspace = workspace;
        this.admin = admin;
        this.tempDir = tempDir;
    }

    /// <summary>Null for an external server, whose processes are not ours to measure.</summary>
    public int? PostmasterPid => tempDir is null ? null
        : int.Parse(File.ReadLines(Path.Combine(tempDir, "data", "postmaster.pid")).First(), CultureInfo.InvariantCulture);

    public string Description { get; private set; } = "";

    public static async Task<PgServer> StartAsync(Workspace workspace, bool durable, CancellationToken ct)
    {
        var external = Environment.GetEnvironmentVariable("GHISEU_BENCH_POSTGRES");
        PgServer server;
        if (!string.IsNullOrWhiteSpace(external))
        {
            server = workspace.Own(new PgServer(workspace, external, null));
            server.Description = "existing server (GHISEU_BENCH_POSTGRES)";
        }
        else
        {
            var env = new Dictionary<string, string> { ["TMPDIR"] = workspace.Root, ["GHISEU_PG_DURABLE"] = durable ? "1" : "0" };
            var r = await Shell.RunAsync("bash", [Path.Combine(workspace.Repo, "scripts", "pg-temp.sh"), "start"], TimeSpan.FromMinutes(3), env);
            var values = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
            if (r.ExitCode != 0 || !values.TryGetValue("PG_CONNECTION", out var cs) || !values.TryGetValue("PG_TMP", out var dir))
                throw new BenchException($"could not start a throw-away PostgreSQL (scripts/pg-temp.sh start exited {r.ExitCode}):\n{r.Stderr}");
            server = workspace.Own(new PgServer(workspace, cs, dir));
            server.Description = $"throw-away server on port {values.GetValueOrDefault("PG_PORT")}, "
                + (durable ? "durable defaults (fsync, synchronous_commit on)" : "fsync/synchronous_commit/full_page_writes off");
        }
        ct.ThrowIfCancellationRequested();
        return server;
    }

    public async Task<string> VersionAsync(CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(admin);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand("SHOW server_version", conn);
        return (string)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken ct)
    {
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync(ct);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn);
            await drop.ExecuteNonQueryAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
            await create.ExecuteNonQueryAsync(ct);
        }
        lock (databases) databases.Add(name);
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (tempDir is not null)
        {
            var r = await Shell.RunAsync("bash", [Path.Combine(workspace.Repo, "scripts", "pg-temp.sh"), "stop", tempDir], TimeSpan.FromMinutes(1));
            if (r.ExitCode != 0) Console.Error.WriteLine($"bench: stopping PostgreSQL: {r.Stderr}");
            return;
        }
        // An existing server keeps running; only what we created goes.
        if (databases.Count == 0) return;
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(admin);
        await conn.OpenAsync();
        foreach (var name in databases)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
