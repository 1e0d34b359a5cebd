using System.Globalization;

namespace Ghiseu.Bench;

/// <summary>Builds the app, then per repetition and provider: the API runs on a fresh database, then the plain-insert runs on it.</summary>
public sealed class BenchRunner(BenchOptions o, Workspace ws)
{
    private const string Staff = "supervisor@demo.ghiseu.ro";
    private const string ParentUnit = "MAE";
    private const string SingleUnit = "PAR";
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);
    private readonly string password = Environment.GetEnvironmentVariable("Ghiseu__Demo__Password") is { Length: > 0 } p ? p : "Ghiseu-Demo-2026";
    private readonly List<RunRecord> runs = [];
    private PgServer? pg;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        if (o.Build) await BuildAsync();
        if (!File.Exists(GhiseuServer.DllPath(ws)))
            throw new BenchException($"{GhiseuServer.DllPath(ws)} is missing; build it (dotnet build -c Release src/Ghiseu) or drop --no-build");
        var machine = await MachineInfo.CollectAsync(ws.Repo);
        if (o.Providers.Contains(Provider.Postgres))
        {
            pg = await PgServer.StartAsync(ws, o.PgDurable, ct);
            machine = machine.WithVersion("PostgreSQL", await pg.VersionAsync(ct));
        }
        machine.Print(Console.Out);
        var settings = FormattableString.Invariant(
            $"Runs of {o.Duration.TotalSeconds:0.#} s after a warm-up of at least {o.Warmup.TotalSeconds:0.#} s that lasts until the .NET tiered compiler is quiet (at most {o.WarmupMax.TotalSeconds:0} s), {o.Repeat} repetition(s) on fresh databases, medians shown; closed-loop clients on 127.0.0.1; PostgreSQL: {pg?.Description ?? "not run"}{(string.IsNullOrWhiteSpace(o.PgOptions) ? "" : $", app connection string + \"{o.PgOptions}\"")}; SQLite: WAL, default synchronous (FULL).{(ws.AppDll is null ? "" : $" Server build: {ws.AppDll}.")}");
        Console.WriteLine(settings);

        for (var rep = 1; rep <= o.Repeat; rep++)
            foreach (var provider in o.Providers)
                await RunProviderAsync(provider, rep, ct);

        var profiles = new List<SqlProfile>();
        if (o.CountSql > 0)
            foreach (var provider in o.Providers)
                profiles.Add(await ProfileAsync(provider, ct));

        var markdown = Report.Markdown(runs, machine, profiles, settings);
        Console.WriteLine();
        Console.WriteLine(markdown);
        var file = await Report.WriteAsync(o.Out ?? Path.Combine(ws.Repo, "bench", "results"), runs, machine, profiles, markdown);
        Console.WriteLine($"results: {file} (and .md)");
        var errors = runs.Sum(r => r.Errors);
        if (errors == 0) return 0;
        Console.Error.WriteLine($"bench: {errors} operations failed (see the errors column and the samples above)");
        return 1;
    }

    private async Task BuildAsync()
    {
        Console.WriteLine("build: dotnet build -c Release src/Ghiseu");
        var r = await Shell.RunAsync("dotnet", ["build", "-c", "Release", "--nologo", "-v", "quiet", Path.Combine(ws.Repo, "src", "Ghiseu")],
            TimeSpan.FromMinutes(10), workingDirectory: ws.Repo, passThrough: true);
        if (r.ExitCode != 0) throw new BenchException("dotnet build failed");
    }

    private async Task<(GhiseuServer Server, string? ConnectionString)> StartServerAsync(Provider provider, string name,
        IReadOnlyDictionary<string, string>? extra, CancellationToken ct)
    {
        var env = new Dictionary<string, string>
        {
            ["Ghiseu__Demo__Cases"] = o.DemoCases.ToString(CultureInfo.InvariantCulture),
            ["Ghiseu__Demo__Password"] = password,
        };
        string? cs = null;
        if (provider == Provider.Postgres)
        {
            cs = await pg!.CreateDatabaseAsync(name.Replace('-', '_'), ct);
            env["Ghiseu__Database__Provider"] = "Postgres";
            env["ConnectionStrings__Ghiseu"] = string.IsNullOrWhiteSpace(o.PgOptions) ? cs : $"{cs};{o.PgOptions}";
        }
        foreach (var (k, v) in extra ?? new Dictionary<string, string>()) env[k] = v;
        return (await GhiseuServer.StartAsync(ws, name, env, ct), cs);
    }

    private async Task RunProviderAsync(Provider provider, int rep, CancellationToken ct)
    {
        var label = provider.ToString().ToLowerInvariant();
        var name = $"bench_{label}_r{rep}";
        Console.WriteLine($"── {label}, repetition {rep}: starting the server");
        var (server, cs) = await StartServerAsync(provider, name, null, ct);
        var dataDir = server.DataDirectory;
        if (o.Api)
        {
            using var api = await ApiClient.LoginAsync(server.BaseUri, Staff, password, ct);
            var factory = new CaseFactory(await api.ChildUnitsAsync(ParentUnit, ct), $"r{rep}{label[0]}");
            var probe = new CpuProbe(server.Pid, provider == Provider.Postgres ? pg!.PostmasterPid : null);
            var seq = 0;
            Operation Op(string? unit)
            {
                var run = Interlocked.Increment(ref seq);
                var randoms = new Random[Math.Max(o.Clients.Max(), o.SingleUnitClients)];
                for (var i = 0; i < randoms.Length; i++) randoms[i] = new Random(HashCode.Combine(rep, run, i));
                return (client, sequence, token) => api.CreateCaseAsync(factory.Create(randoms[client], client + 1000 * run, sequence, unit), token);
            }
            await WarmupAsync(label, Op(null), false, server.Pid, ct);
            foreach (var clients in o.Clients)
                await MeasureAsync(label, RunRecord.Api, rep, clients, Op(null), false, probe, ct);
            if (o.SingleUnitClients > 0)
                await MeasureAsync(label, RunRecord.ApiSingleUnit, rep, o.SingleUnitClients, Op(SingleUnit), false, probe, ct);
        }
        await ws.ReleaseAsync(server);

        if (o.Plain)
        {
            await using PlainInserts plain = provider == Provider.Sqlite
                ? new SqlitePlainInserts(Path.Combine(dataDir, "ghiseu.db")) : new PostgresPlainInserts(cs!);
            var probe = new CpuProbe(null, provider == Provider.Postgres ? pg!.PostmasterPid : null);
            await plain.OpenAsync(o.Clients.Max(), ct);
            await WarmupAsync(label, (c, _, t) => plain.InsertAsync(c, t), plain.Blocking, null, ct);
            foreach (var clients in o.Clients)
            {
                await plain.OpenAsync(clients, ct);
                await MeasureAsync(label, RunRecord.Plain, rep, clients, (c, _, t) => plain.InsertAsync(c, t), plain.Blocking, probe, ct);
            }
        }
    }

    /// <summary>Load at the largest client count until the tiered compilers are quiet; see <see cref="TieringWatch"/>.</summary>
    private async Task WarmupAsync(string label, Operation op, bool blocking, int? serverPid, CancellationToken ct)
    {
        if (o.Warmup <= TimeSpan.Zero && o.WarmupMax <= TimeSpan.Zero) return;
        var chunk = TimeSpan.FromSeconds(5);
        var watch = new TieringWatch(serverPid is { } s ? [s, Environment.ProcessId] : [Environment.ProcessId]);
        var elapsed = TimeSpan.Zero;
        double busy;
        do
        {
            var r = await LoadRunner.RunAsync(o.Clients.Max(), chunk, op, blocking, ct);
            elapsed += chunk;
            busy = watch.BusyShareSinceLast();
            Console.WriteLine(FormattableString.Invariant(
                $"{label,-8} warm-up {elapsed.TotalSeconds,3:0} s: {r.Throughput,7:0.0}/s, {r.ErrorCount} errors, JIT tiering {busy:P0} of a core"));
            foreach (var (k, v) in r.Errors) Console.WriteLine($"    {k}: {v.Count}× {v.Sample}");
        }
        while (elapsed < o.Warmup || (busy > 0.02 && elapsed + chunk <= o.WarmupMax));
        if (busy > 0.02) Console.WriteLine($"{label,-8} warm-up: the JIT is still busy after {elapsed.TotalSeconds:0} s; measuring anyway");
        await Task.Delay(Settle, ct);
    }

    private async Task MeasureAsync(string label, string kind, int rep, int clients, Operation op, bool blocking, CpuProbe probe, CancellationToken ct)
    {
        var before = probe.Take();
        var result = await LoadRunner.RunAsync(clients, o.Duration, op, blocking, ct);
        var cpu = CpuProbe.Between(before, probe.Take());
        var record = RunRecord.From(label, kind, rep, result, cpu);
        runs.Add(record);
        Console.WriteLine(record.Line());
        await Task.Delay(Settle, ct);
    }

    /// <summary>A short separate run with EF Core's database logging on: what one creation costs in SQL.</summary>
    private async Task<SqlProfile> ProfileAsync(Provider provider, CancellationToken ct)
    {
        var label = provider.ToString().ToLowerInvariant();
        Console.WriteLine($"── {label}: counting database work per creation ({o.CountSql} creations, one at a time)");
        var (server, _) = await StartServerAsync(provider, $"bench_{label}_sql", SqlCounter.LoggingEnv, ct);
        using (var api = await ApiClient.LoginAsync(server.BaseUri, Staff, password, ct))
        {
            var factory = new CaseFactory(await api.ChildUnitsAsync(ParentUnit, ct), $"sql{label[0]}");
            var random = new Random(7);
            for (var i = 0; i < o.CountSql + 5; i++) // the first five warm the server up and are not counted
            {
                var outcome = await api.CreateCaseAsync(factory.Create(random, 0, i), ct);
                if (!outcome.Ok) throw new BenchException($"creating a case failed: {outcome.Error}");
            }
        }
        await Task.Delay(TimeSpan.FromSeconds(1), ct); // the console logger writes from a queue
        var log = server.Log();
        await ws.ReleaseAsync(server);
        var profile = SqlCounter.Analyze(label, log, o.CountSql);
        SqlCounter.Print(profile, Console.Out);
        return profile;
    }
}
