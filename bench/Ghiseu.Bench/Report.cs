using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ghiseu.Bench;

/// <summary>One measured run.</summary>
public sealed record RunRecord(string Provider, string Kind, int Clients, int Repetition, int Ok, int Errors, double Seconds,
    double Throughput, double P50Ms, double P99Ms, double MaxMs, double MeanMs, CpuUse Cpu, IReadOnlyDictionary<string, string> ErrorSamples)
{
    public const string Api = "api";
    public const string ApiSingleUnit = "api, all in PAR";
    public const string Plain = "plain insert";

    public static RunRecord From(string provider, string kind, int repetition, LoadResult r, CpuUse cpu) => new(
        provider, kind, r.Clients, repetition, r.Ok, r.ErrorCount, r.Seconds, r.Throughput, r.P50Ms, r.P99Ms, r.MaxMs, r.MeanMs, cpu,
        r.Errors.ToDictionary(e => e.Key, e => $"{e.Value.Count}× {e.Value.Sample}"));

    public string Line()
    {
        var perOp = Math.Max(1, Ok + Errors);
        var s = FormattableString.Invariant(
            $"{Provider,-8} {Kind,-16} {Clients,3} clients  r{Repetition}: {Throughput,8:0.0}/s  p50 {P50Ms,7:0.00} ms  p99 {P99Ms,7:0.00} ms  errors {Errors}")
            + FormattableString.Invariant($"  | cpu ms/op app {Cpu.AppMs / perOp:0.00} db {Cpu.DbMs / perOp:0.00} client {Cpu.ClientMs / perOp:0.00}; machine {Cpu.MachineBusyShare:P0} busy, others {Cpu.OthersMs / Cpu.WallMs:0.00} cores");
        return s + string.Concat(ErrorSamples.Select(e => $"\n    {e.Key}: {e.Value}"));
    }
}

/// <summary>Medians over repetitions, as tables; the raw runs as JSON.</summary>
public static class Report
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        return v.Length == 0 ? double.NaN : v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    private sealed record Cell(double Throughput, double P50, double P99, int Errors, int Runs, double AppCpu, double DbCpu, double ClientCpu, double Others);

    private static Cell? Find(IReadOnlyList<RunRecord> runs, string provider, string kind, int clients)
    {
        var r = runs.Where(x => x.Provider == provider && x.Kind == kind && x.Clients == clients).ToList();
        if (r.Count == 0) return null;
        double PerOp(RunRecord x, double ms) => ms / Math.Max(1, x.Ok + x.Errors);
        return new Cell(Median(r.Select(x => x.Throughput)), Median(r.Select(x => x.P50Ms)), Median(r.Select(x => x.P99Ms)), r.Sum(x => x.Errors), r.Count,
            Median(r.Select(x => PerOp(x, x.Cpu.AppMs))), Median(r.Select(x => PerOp(x, x.Cpu.DbMs))), Median(r.Select(x => PerOp(x, x.Cpu.ClientMs))),
            Median(r.Select(x => x.Cpu.OthersMs / x.Cpu.WallMs)));
    }

    public static string Markdown(IReadOnlyList<RunRecord> runs, MachineInfo machine, IEnumerable<SqlProfile> profiles, string settings)
    {
        var sb = new StringBuilder();
        void L(FormattableString s) => sb.AppendLine(s.ToString(CultureInfo.InvariantCulture));
        L($"Measured {machine.Date}: {machine.Cores} cores, {machine.Memory}, {machine.Cpu}; {machine.Os}; {machine.Runtime}; commit {machine.Commit}.");
        L($"{settings}");
        L($"Versions: {string.Join("; ", machine.Versions.Select(kv => $"{kv.Key} {kv.Value}"))}.");
        sb.AppendLine();
        sb.AppendLine("| database | clients | API cases/s | API p50 ms | API p99 ms | plain inserts/s | plain p50 ms | plain p99 ms | API / plain | errors |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var provider in runs.Select(r => r.Provider).Distinct())
        {
            foreach (var (kind, clients) in runs.Where(r => r.Provider == provider && r.Kind != RunRecord.Plain)
                .Select(r => (r.Kind, r.Clients)).Distinct().OrderBy(k => k.Clients).ThenBy(k => k.Kind, StringComparer.Ordinal))
            {
                var api = Find(runs, provider, kind, clients)!;
                var plain = Find(runs, provider, RunRecord.Plain, clients);
                var label = kind == RunRecord.Api ? $"{clients}" : $"{clients} (all in PAR)";
                L($"| {provider} | {label} | {api.Throughput:0} | {api.P50:0.0} | {api.P99:0.0} | {F(plain?.Throughput, "0")} | {F(plain?.P50, "0.0")} | {F(plain?.P99, "0.0")} | {(plain is null ? "–" : (api.Throughput / plain.Throughput).ToString("P0", CultureInfo.InvariantCulture))} | {api.Errors + (plain?.Errors ?? 0)} |");
            }
            foreach (var c in runs.Where(r => r.Provider == provider && r.Kind == RunRecord.Plain && !runs.Any(a => a.Provider == provider && a.Kind == RunRecord.Api && a.Clients == r.Clients)).Select(r => r.Clients).Distinct())
            {
                var plain = Find(runs, provider, RunRecord.Plain, c)!;
                L($"| {provider} | {c} | – | – | – | {plain.Throughput:0} | {plain.P50:0.0} | {plain.P99:0.0} | – | {plain.Errors} |");
            }
        }
        sb.AppendLine();
        sb.AppendLine("CPU time per operation (median, ms; `db` is the PostgreSQL processes, SQLite runs inside `app` or, for plain inserts, `client`), and the cores other processes on the machine used meanwhile:");
        sb.AppendLine();
        sb.AppendLine("| database | run | clients | app | db | client | other load (cores) |");
        sb.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var g in runs.GroupBy(r => (r.Provider, r.Kind, r.Clients)))
        {
            var c = Find(runs, g.Key.Provider, g.Key.Kind, g.Key.Clients)!;
            L($"| {g.Key.Provider} | {g.Key.Kind} | {g.Key.Clients} | {c.AppCpu:0.00} | {c.DbCpu:0.00} | {c.ClientCpu:0.00} | {c.Others:0.00} |");
        }
        foreach (var p in profiles)
        {
            sb.AppendLine();
            var w = new StringWriter(CultureInfo.InvariantCulture);
            SqlCounter.Print(p, w);
            sb.AppendLine("```").Append(w).AppendLine("```");
        }
        return sb.ToString();
    }

    private static string F(double? v, string format) => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "–";

    public static async Task<string> WriteAsync(string dir, IReadOnlyList<RunRecord> runs, MachineInfo machine, IReadOnlyList<SqlProfile> profiles, string markdown)
    {
        Directory.CreateDirectory(dir);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var json = Path.Combine(dir, $"{stamp}.json");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(new
        {
            machine,
            runs,
            profiles = profiles.Select(p => new { p.Provider, p.Requests, events = p.Events.Select(e => new { e.Event, e.PerRequest }), commands = p.Commands.Select(c => new { c.Command, c.PerRequest }), p.CommandMsPerRequest, p.RoundTripsPerRequest }),
        }, JsonOptions));
        await File.WriteAllTextAsync(Path.Combine(dir, $"{stamp}.md"), markdown);
        return json;
    }
}
