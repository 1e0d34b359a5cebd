using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ghiseu.Data;
using Ghiseu.Features;
using Ghiseu.Features.Desk;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ghiseu.Bench.Desk;

/// <summary>
/// `./ghiseu bench desk`: bulk-loads cases into a fresh database per provider and times the desk's
/// queries through the application's own services (DeskInbox, CaseQuery, CaseSearch, CaseReader).
/// </summary>
public sealed class DeskBench(DeskBenchOptions o, Workspace workspace)
{
    private readonly StringBuilder report = new();

    public async Task<int> RunAsync(CancellationToken ct)
    {
        Line($"# Desk queries, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        var machine = await MachineInfo.CollectAsync(workspace.Repo);
        Line($"{machine.Cores} cores, {machine.Cpu}, {machine.Memory}, {machine.Os}, {machine.Runtime}, commit {machine.Commit}, load at start {machine.LoadAtStart}; "
            + $"{o.Iterations} timed runs per scenario after {o.Warmup} warm-up runs");
        foreach (var provider in o.Providers)
            await RunProviderAsync(provider, provider == Provider.Postgres ? o.PgCases : o.SqliteCases, ct);
        var dir = o.Out ?? Path.Combine(workspace.Repo, "bench", "results");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, $"desk-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
        await File.WriteAllTextAsync(file, report.ToString(), ct);
        Console.WriteLine($"\nwritten to {file}");
        return 0;
    }

    private async Task RunProviderAsync(Provider provider, int count, CancellationToken ct)
    {
        var settings = new Dictionary<string, string?> { ["Ghiseu:DataDirectory"] = workspace.NewDirectory($"desk-{provider}") };
        string cs;
        string version;
        if (provider == Provider.Postgres)
        {
            var pg = await PgServer.StartAsync(workspace, durable: false, ct);
            cs = await pg.CreateDatabaseAsync("ghiseu_desk", ct);
            version = $"PostgreSQL {await pg.VersionAsync(ct)}";
            settings["Ghiseu:Database:Provider"] = "Postgres";
        }
        else
        {
            cs = $"Data Source={Path.Combine(settings["Ghiseu:DataDirectory"]!, "ghiseu.db")}";
            version = $"SQLite {SqlitePlainInserts.Version()}";
        }
        settings["ConnectionStrings:Ghiseu"] = cs;
        await using var sp = Services(settings);
        await DatabaseStartup.MigrateAsync(sp, ct);
        Line($"\n## {provider}: {count:N0} cases ({version})\n");

        var sw = Stopwatch.StartNew();
        BenchOrg org;
        await using (var db = await sp.GetRequiredService<IDbContextFactory<GhiseuDb>>().CreateDbContextAsync(ct))
            org = await BenchOrg.CreateAsync(db, Math.Max(1000, count / 20), ct);
        var generator = new CaseGenerator(org, count, DateTimeOffset.UtcNow);
        var load = provider == Provider.Postgres
            ? await BulkLoad.PostgresAsync(cs, generator.Generate(), ct)
            : await BulkLoad.SqliteAsync(cs, generator.Generate(), ct);
        Line($"Loaded in {sw.Elapsed.TotalSeconds:F0} s (cases {load.TotalSeconds:F0} s, indexes and statistics included).\n");

        Line("| scenario | rows | p50 ms | p95 ms | max ms |");
        Line("|---|---:|---:|---:|---:|");
        var scenarios = DeskScenarios.For(org, generator.RareSpace / 3);
        using var capture = new SqlCapture();
        var plans = new StringBuilder();
        foreach (var s in scenarios)
        {
            Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {s.Name}");
            var rows = 0;
            for (var i = 0; i < o.Warmup; i++) rows = await DeskScenarios.RunAsync(sp, s, ct);
            var times = new List<double>(o.Iterations);
            for (var i = 0; i < o.Iterations; i++)
            {
                var t = Stopwatch.GetTimestamp();
                await DeskScenarios.RunAsync(sp, s, ct);
                times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
            times.Sort();
            Line(CaseGenerator.Invariant($"| {s.Name} | {rows} | {Pct(times, 0.5):F1} | {Pct(times, 0.95):F1} | {times[^1]:F1} |"));
            capture.Arm();
            await DeskScenarios.RunAsync(sp, s, ct);
            plans.Append(await Explain.DescribeAsync(sp, s.Name, capture.Disarm(), provider, ct));
        }
        Line($"\n### Plans ({provider})\n");
        Line(plans.ToString());
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var s = new ServiceCollection();
        s.AddSingleton<IConfiguration>(config);
        s.AddLogging();
        s.AddMemoryCache();
        s.AddHttpContextAccessor();
        s.AddSingleton(TimeProvider.System);
        s.AddGhiseuData(config);
        s.AddUnits();
        s.AddCases();
        s.AddDeskApi();
        return s.BuildServiceProvider();
    }

    private static double Pct(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private void Line(string text)
    {
        Console.WriteLine(text);
        report.AppendLine(text);
    }
}

/// <summary>Settings of `bench desk`.</summary>
public sealed record DeskBenchOptions(IReadOnlyList<Provider> Providers, int PgCases, int SqliteCases, int Iterations, int Warmup, string? Out)
{
    public const string Usage = """
        Usage: ./ghiseu bench desk [options]

        Loads cases straight into a fresh database (COPY on PostgreSQL, one prepared insert on SQLite),
        then times the inbox, counts and full-text searches through the application's own query code.

          --providers LIST    sqlite,postgres (default both)
          --pg-cases N        cases loaded into PostgreSQL (default 1000000)
          --sqlite-cases N    cases loaded into SQLite (default 200000)
          --iterations N      timed runs per scenario (default 100)
          --warmup N          untimed runs first (default 10)
          --out DIR           where the report goes (default bench/results)
        """;

    public static DeskBenchOptions Parse(string[] args)
    {
        var o = new DeskBenchOptions([Provider.Sqlite, Provider.Postgres], 1_000_000, 200_000, 100, 10, null);
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{a} needs a value");
            int Int(int min) => int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= min
                ? v : throw new ArgumentException($"{a} takes a whole number of at least {min}");
            o = a switch
            {
                "--providers" => o with { Providers = [.. Next().Split(',').Select(p => p.Trim().ToLowerInvariant() switch
                {
                    "sqlite" => Provider.Sqlite,
                    "postgres" or "pg" => Provider.Postgres,
                    var x => throw new ArgumentException($"unknown provider {x}"),
                })] },
                "--pg-cases" => o with { PgCases = Int(1000) },
                "--sqlite-cases" => o with { SqliteCases = Int(1000) },
                "--iterations" => o with { Iterations = Int(1) },
                "--warmup" => o with { Warmup = Int(0) },
                "--out" => o with { Out = Next() },
                _ => throw new ArgumentException($"unknown argument {a}"),
            };
        }
        return o;
    }
}
