using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ghiseu.Bench;

/// <summary>Database work per case creation, from EF Core's Debug logs of one request at a time.</summary>
public sealed record SqlProfile(string Provider, int Requests, IReadOnlyList<(string Event, double PerRequest)> Events,
    IReadOnlyList<(string Command, double PerRequest)> Commands, double CommandMsPerRequest, double RoundTripsPerRequest);

/// <summary>
/// Starts a server whose EF Core database events (commands, transactions, savepoints, connections)
/// are logged as JSON lines with their request scope, creates cases one by one, and counts what
/// each POST /api/v1/cases request did.
/// </summary>
public static partial class SqlCounter
{
    public static readonly IReadOnlyDictionary<string, string> LoggingEnv = new Dictionary<string, string>
    {
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.EntityFrameworkCore.Database"] = "Debug",
        ["Logging__Console__FormatterName"] = "json",
        ["Logging__Console__FormatterOptions__IncludeScopes"] = "true",
    };

    [GeneratedRegex(@"^\s*(?:(UPDATE)|(\w+)[\s\S]*?\b(?:FROM|INTO))\s+""?(\w+)""?", RegexOptions.IgnoreCase)]
    private static partial Regex Statement();

    /// <summary>The events worth counting; each of these is a round trip to PostgreSQL (BEGIN rides along with the first command).</summary>
    private static readonly string[] RoundTrips =
    [
        "Executed DbCommand", "Committed transaction", "Rolled back transaction",
        "Created transaction savepoint", "Released transaction savepoint", "Rolled back to transaction savepoint",
    ];

    private static readonly string[] Counted = [.. RoundTrips, "Opened connection", "Began transaction"];

    [GeneratedRegex(@"\((\d+)ms\)")]
    private static partial Regex Elapsed();

    [GeneratedRegex(@"'[^']*'|\([^)]*\)|\b[0-9a-f-]{8,}\b")]
    private static partial Regex Variable();

    /// <summary>Reads a log written with <see cref="LoggingEnv"/>; keeps the last <paramref name="requests"/> creations.</summary>
    public static SqlProfile Analyze(string provider, string log, int requests)
    {
        var byRequest = new List<(string Id, List<(string Event, string? Command, double Ms)> Items)>();
        foreach (var line in log.Split('\n'))
        {
            if (!line.StartsWith('{')) continue;
            using var doc = TryParse(line);
            if (doc is null) continue;
            var root = doc.RootElement;
            if (!root.TryGetProperty("Scopes", out var scopes) || scopes.ValueKind != JsonValueKind.Array) continue;
            string? requestId = null;
            foreach (var s in scopes.EnumerateArray())
                if (s.ValueKind == JsonValueKind.Object && s.TryGetProperty("RequestPath", out var path) && path.GetString() == "/api/v1/cases"
                    && s.TryGetProperty("RequestId", out var id))
                    requestId = id.GetString();
            if (requestId is null) continue;
            var message = root.TryGetProperty("Message", out var m) ? m.GetString() ?? "" : "";
            if (byRequest.Count == 0 || byRequest[^1].Id != requestId) byRequest.Add((requestId, []));
            var firstLine = message.Split('\n')[0];
            var bracket = firstLine.IndexOf('[', StringComparison.Ordinal);
            var evt = Variable().Replace(bracket < 0 ? firstLine : firstLine[..bracket], "").Trim().TrimEnd('.', ':');
            evt = string.Join(' ', evt.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(4));
            string? command = null;
            double ms = 0;
            if (message.StartsWith("Executed DbCommand", StringComparison.Ordinal))
            {
                command = Describe(message[(message.IndexOf('\n', StringComparison.Ordinal) + 1)..]);
                var e = Elapsed().Match(firstLine);
                if (e.Success) ms = double.Parse(e.Groups[1].Value, CultureInfo.InvariantCulture);
            }
            if (Counted.Any(c => evt.StartsWith(c, StringComparison.Ordinal))) byRequest[^1].Items.Add((evt, command, ms));
        }
        var last = byRequest.TakeLast(requests).ToList();
        if (last.Count == 0) throw new BenchException("the server logged no database events for POST /api/v1/cases");
        var n = (double)last.Count;
        var events = last.SelectMany(r => r.Items).GroupBy(i => i.Event)
            .Select(g => (g.Key, g.Count() / n)).OrderByDescending(e => e.Item2).ThenBy(e => e.Key, StringComparer.Ordinal).ToList();
        var commands = last.SelectMany(r => r.Items).Where(i => i.Command is not null).GroupBy(i => i.Command!)
            .Select(g => (g.Key, g.Count() / n)).ToList();
        var roundTrips = last.SelectMany(r => r.Items).Count(i => RoundTrips.Any(t => i.Event.StartsWith(t, StringComparison.Ordinal))) / n;
        return new SqlProfile(provider, last.Count, events, commands, last.SelectMany(r => r.Items).Sum(i => i.Ms) / n, roundTrips);
    }

    /// <summary>"SELECT Categories", or for a batch "INSERT Citizens + INSERT ContactPoints + …".</summary>
    private static string Describe(string sql)
    {
        var parts = sql.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => Statement().Match(s)).Where(m => m.Success)
            .Select(m => $"{(m.Groups[1].Success ? "UPDATE" : m.Groups[2].Value.ToUpperInvariant())} {m.Groups[3].Value}").ToList();
        if (parts.Count == 0) return string.Join(' ', sql.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Take(3));
        return string.Join(" + ", parts.GroupBy(p => p).Select(g => g.Count() > 1 ? $"{g.Key} ×{g.Count()}" : g.Key));
    }

    private static JsonDocument? TryParse(string line)
    {
        try { return JsonDocument.Parse(line); }
        catch (JsonException) { return null; }
    }

    public static void Print(SqlProfile p, TextWriter w)
    {
        w.WriteLine($"Database events per POST /api/v1/cases on {p.Provider} (last {p.Requests} of one-at-a-time creations):");
        foreach (var (e, per) in p.Events) w.WriteLine($"  {per,5:0.##}  {e}");
        w.WriteLine("  of which commands:");
        foreach (var (c, per) in p.Commands) w.WriteLine($"  {per,5:0.##}  {c}");
        w.WriteLine($"  {p.RoundTripsPerRequest:0.##} round trips per creation (commands, commits, savepoints); command time as EF Core logs it (rounded, and slowed by the logging) ≈ {p.CommandMsPerRequest:0.0} ms");
    }
}
