using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ghiseu.Bench;

/// <summary>What one operation (a request, an insert) came to: success, or an error to report.</summary>
public readonly record struct Outcome(bool Ok, string? Error)
{
    public static readonly Outcome Success = new(true, null);

    public static Outcome Fail(string error) => new(false, error);
}

/// <summary>One client's operation; <paramref name="sequence"/> counts that client's calls.</summary>
public delegate ValueTask<Outcome> Operation(int client, long sequence, CancellationToken ct);

/// <summary>Latencies and errors of one timed run.</summary>
public sealed record LoadResult(int Clients, double Seconds, long[] SortedTicks, IReadOnlyDictionary<string, (int Count, string Sample)> Errors)
{
    public int Ok => SortedTicks.Length;
    public int ErrorCount => Errors.Values.Sum(e => e.Count);
    public double Throughput => Ok / Seconds;
    public double P50Ms => Percentile(0.50);
    public double P99Ms => Percentile(0.99);
    public double MaxMs => SortedTicks.Length == 0 ? double.NaN : Ms(SortedTicks[^1]);
    public double MeanMs => SortedTicks.Length == 0 ? double.NaN : Ms((long)SortedTicks.Average());

    /// <summary>Nearest-rank percentile.</summary>
    public double Percentile(double q) =>
        SortedTicks.Length == 0 ? double.NaN : Ms(SortedTicks[Math.Clamp((int)Math.Ceiling(q * SortedTicks.Length) - 1, 0, SortedTicks.Length - 1)]);

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

/// <summary>
/// Runs N clients in closed loops (each sends its next operation when the previous one is answered)
/// for a fixed time. Operations started before the end are finished and counted; a hard limit of
/// duration + 60 s cancels anything still hanging.
/// </summary>
public static class LoadRunner
{
    /// <param name="clients">Concurrent clients.</param>
    /// <param name="duration">How long clients keep starting operations.</param>
    /// <param name="op">The operation.</param>
    /// <param name="dedicatedThreads">Run each client on its own thread: for drivers whose async
    /// methods block (Microsoft.Data.Sqlite), so clients do not wait for thread-pool threads.</param>
    /// <param name="ct">Cancellation.</param>
    public static async Task<LoadResult> RunAsync(int clients, TimeSpan duration, Operation op, bool dedicatedThreads, CancellationToken ct)
    {
        using var hard = CancellationTokenSource.CreateLinkedTokenSource(ct);
        hard.CancelAfter(duration + TimeSpan.FromSeconds(60));
        var errors = new ConcurrentDictionary<string, (int Count, string Sample)>();
        var latencies = new List<long>[clients];
        var start = Stopwatch.GetTimestamp();
        var tasks = new Task[clients];
        for (var i = 0; i < clients; i++)
        {
            var client = i;
            latencies[client] = new List<long>(4096);
            tasks[i] = dedicatedThreads
                ? Task.Factory.StartNew(() => ClientAsync(client).GetAwaiter().GetResult(), CancellationToken.None,
                    TaskCreationOptions.LongRunning, TaskScheduler.Default)
                : Task.Run(() => ClientAsync(client), CancellationToken.None);
        }
        await Task.WhenAll(tasks);
        ct.ThrowIfCancellationRequested();
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new LoadResult(clients, seconds, all, errors);

        async Task ClientAsync(int client)
        {
            var mine = latencies[client];
            for (long seq = 0; Stopwatch.GetElapsedTime(start) < duration && !hard.IsCancellationRequested; seq++)
            {
                var t0 = Stopwatch.GetTimestamp();
                Outcome outcome;
                try
                {
                    outcome = await op(client, seq, hard.Token);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    outcome = Outcome.Fail($"{e.GetType().Name}: {e.Message}");
                }
                catch (Exception) when (ct.IsCancellationRequested)
                {
                    return;
                }
                var elapsed = Stopwatch.GetTimestamp() - t0;
                if (outcome.Ok) mine.Add(elapsed);
                else Record(outcome.Error ?? "error");
            }
        }

        void Record(string error)
        {
            // The key is the first line up to a colon: "HTTP 500", "PostgresException", …
            var key = error.Split('\n')[0];
            var colon = key.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0) key = key[..colon];
            errors.AddOrUpdate(key, _ => (1, error.Length > 400 ? error[..400] : error), (_, e) => (e.Count + 1, e.Sample));
        }
    }
}
