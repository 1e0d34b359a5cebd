using System.Diagnostics;
using System.Globalization;

namespace Ghiseu.Bench;

/// <summary>
/// How busy the .NET tiered compiler is in some processes, from the CPU time of their
/// ".NET Tiered Compilation" threads (/proc/PID/task/*/comm, cut to 15 characters). Until it goes
/// quiet, code still runs at tier 0 or instrumented and numbers are not those of a warm server;
/// on a loaded 2-core machine that takes a minute or more.
/// </summary>
public sealed class TieringWatch(params int[] pids)
{
    private const string ThreadName = ".NET Tiered Com";
    private readonly Dictionary<(int Pid, string Tid), long> seen = [];
    private long lastTimestamp = Stopwatch.GetTimestamp();

    /// <summary>Share of one core the tiered compiler used since the previous call (or since construction).</summary>
    public double BusyShareSinceLast()
    {
        long ticks = 0;
        foreach (var pid in pids)
        {
            string[] tasks;
            try { tasks = Directory.GetDirectories($"/proc/{pid}/task"); }
            catch (IOException) { continue; }
            foreach (var task in tasks)
            {
                try
                {
                    if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(ThreadName, StringComparison.Ordinal)) continue;
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    var now = long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture);
                    var key = (pid, Path.GetFileName(task));
                    ticks += now - seen.GetValueOrDefault(key);
                    seen[key] = now;
                }
                catch (IOException) { } // the thread ended meanwhile
            }
        }
        var wall = Stopwatch.GetElapsedTime(lastTimestamp);
        lastTimestamp = Stopwatch.GetTimestamp();
        return ticks * 10 / wall.TotalMilliseconds; // USER_HZ is 100
    }
}
