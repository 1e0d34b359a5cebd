using System.Globalization;

namespace Ghiseu.Bench;

public enum Provider { Sqlite, Postgres }

/// <summary>Command-line settings of the harness.</summary>
public sealed record BenchOptions
{
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan WarmupMax { get; init; } = TimeSpan.FromSeconds(150);
    public IReadOnlyList<int> Clients { get; init; } = [1, 8, 32];
    public int SingleUnitClients { get; init; } = 32;
    public int Repeat { get; init; } = 1;
    public IReadOnlyList<Provider> Providers { get; init; } = [Provider.Sqlite, Provider.Postgres];
    public bool Build { get; init; } = true;
    public bool Api { get; init; } = true;
    public bool Plain { get; init; } = true;
    public int CountSql { get; init; } = 30;
    public bool PgDurable { get; init; } = true;
    public int DemoCases { get; init; }
    public string? PgOptions { get; init; }
    public string? App { get; init; }
    public string? Out { get; init; }
    public bool Help { get; init; }
    public bool Email { get; init; }
    public int Messages { get; init; } = 1000;
    public int SmtpClients { get; init; } = 4;
    public int EmailWarmup { get; init; } = 1000;

    public const string Usage = """
        Usage: ./ghiseu bench [options]

        Starts the real server (Release build) on 127.0.0.1 for each provider, creates cases through
        POST /api/v1/cases from concurrent clients, then measures the same database doing plain
        single-row inserts (one transaction each) from the same number of clients.

          --duration S        measured seconds per run (default 10)
          --warmup S          least warm-up before the API runs and before the plain runs (default 10);
                              warm-up goes on until the .NET tiered compiler of the server and of the
                              harness is quiet (under 2 % of a core), for at most --warmup-max S (default 150)
          --clients 1,8,32    client counts
          --single-unit N     clients of the run where every case goes to PAR (default 32; 0 = skip)
          --repeat N          run every configuration N times, on a fresh database each time;
                              medians are reported (default 1)
          --providers LIST    sqlite,postgres (default both)
          --count-sql N       per provider, one extra server with EF Core command logging creates N
                              cases one by one; prints SQL round trips per creation (default 30; 0 = skip)
          --pg-fast           throw-away PostgreSQL with fsync/synchronous_commit off, as the tests use
                              (default: PostgreSQL's durable defaults, like SQLite's)
          --demo-cases N      demo cases seeded into each fresh database (default 0)
          --pg-options S      appended to the app's PostgreSQL connection string, e.g. "No Reset On Close=true"
          --only api|plain    run one side only
          --no-build          do not run `dotnet build -c Release src/Ghiseu` first
          --app PATH          run another build of the server (its Ghiseu.dll), e.g. an older commit's,
                              to compare versions on the same machine (implies --no-build)
          --out DIR           where results go (default bench/results)
          --email             measure email ingest instead: N messages (--messages, default 1000; ~20 KB
                              of text, one in ten with a 500 KB attachment) over SMTP from --smtp-clients
                              connections (default 4), then the same number from an IMAP mailbox of a
                              throw-away Dovecot; time until every message is a case
          --email-warmup N    messages per warm-up round over SMTP, not measured (default 1000); rounds
                              go on until the runtime's tiered compiler is quiet (at most six)

        Environment:
          GHISEU_BENCH_POSTGRES   Npgsql connection string to an existing server whose user may
                                  CREATE DATABASE; otherwise a throw-away server is started
          Ghiseu__Demo__Password  demo staff password (default: the app's default)
        """;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{a} needs a value");
            o = a switch
            {
                "--duration" => o with { Duration = Seconds(Next(), a) },
                "--warmup" => o with { Warmup = Seconds(Next(), a, allowZero: true) },
                "--warmup-max" => o with { WarmupMax = Seconds(Next(), a, allowZero: true) },
                "--clients" => o with { Clients = [.. Next().Split(',').Select(s => Int(s, a, 1, 1024))] },
                "--single-unit" => o with { SingleUnitClients = Int(Next(), a, 0, 1024) },
                "--repeat" => o with { Repeat = Int(Next(), a, 1, 100) },
                "--providers" => o with { Providers = [.. Next().Split(',').Select(ParseProvider).Distinct()] },
                "--count-sql" => o with { CountSql = Int(Next(), a, 0, 10_000) },
                "--pg-fast" => o with { PgDurable = false },
                "--email" => o with { Email = true },
                "--messages" => o with { Messages = Int(Next(), a, 1, 1_000_000) },
                "--smtp-clients" => o with { SmtpClients = Int(Next(), a, 1, 256) },
                "--email-warmup" => o with { EmailWarmup = Int(Next(), a, 0, 100_000) },
                "--demo-cases" => o with { DemoCases = Int(Next(), a, 0, 1_000_000) },
                "--pg-options" => o with { PgOptions = Next() },
                "--only" => Next() switch
                {
                    "api" => o with { Plain = false },
                    "plain" => o with { Api = false },
                    var v => throw new ArgumentException($"--only takes api or plain, not {v}"),
                },
                "--no-build" => o with { Build = false },
                "--app" => o with { App = Next(), Build = false },
                "--out" => o with { Out = Next() },
                "-h" or "--help" or "help" => o with { Help = true },
                _ => throw new ArgumentException($"unknown argument {a}"),
            };
        }
        return o;
    }

    private static Provider ParseProvider(string s) => s.Trim().ToLowerInvariant() switch
    {
        "sqlite" => Provider.Sqlite,
        "postgres" or "postgresql" or "pg" => Provider.Postgres,
        _ => throw new ArgumentException($"unknown provider {s}; use sqlite or postgres"),
    };

    private static int Int(string s, string arg, int min, int max) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v : throw new ArgumentException($"{arg} takes a whole number from {min} to {max}, not {s}");

    private static TimeSpan Seconds(string s, string arg, bool allowZero = false) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && (v > 0 || (allowZero && v == 0)) && v <= 3600
            ? TimeSpan.FromSeconds(v) : throw new ArgumentException($"{arg} takes seconds (up to 3600), not {s}");
}
