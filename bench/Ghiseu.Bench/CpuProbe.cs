using System.Diagnostics;
using System.Globalization;

namespace Ghiseu.Bench;

/// <summary>CPU time spent during a run, from /proc, split by who spent it.</summary>
public sealed record CpuUse(double AppMs, double DbMs, double ClientMs, double MachineBusyMs, double WallMs)
{
    /// <summary>Busy time of everything else on the machine (other engineers' builds and tests).</summary>
    public double OthersMs => Math.Max(0, MachineBusyMs - AppMs - DbMs - ClientMs);

    /// <summary>Share of the machine's cores that were busy.</summary>
    public double MachineBusyShare => WallMs <= 0 ? 0 : MachineBusyMs / (WallMs * Environment.ProcessorCount);
}

/// <summary>Samples CPU counters of the server, the PostgreSQL processes, this process and the whole machine.</summary>
public sealed class CpuProbe(int? appPid, int? postmasterPid)
{
    private const double MsPerTick = 10; // USER_HZ is 100 on Linux

    public sealed record Sample(long App, long Db, TimeSpan Client, long MachineBusy, long Timestamp);

    public Sample Take() => new(appPid is { } app ? ProcessTicks(app) : 0, PostgresTicks(), Process.GetCurrentProcess().TotalProcessorTime,
        MachineBusyTicks(), Stopwatch.GetTimestamp());

    public static CpuUse Between(Sample a, Sample b) => new(
        (b.App - a.App) * MsPerTick, (b.Db - a.Db) * MsPerTick, (b.Client - a.Client).TotalMilliseconds,
        (b.MachineBusy - a.MachineBusy) * MsPerTick, Stopwatch.GetElapsedTime(a.Timestamp, b.Timestamp).TotalMilliseconds);

    /// <summary>The postmaster, its live children, and children that exited (counted in its cutime/cstime).</summary>
    private long PostgresTicks()
    {
        if (postmasterPid is not { } pm) return 0;
        var total = ProcessTicks(pm, withReapedChildren: true);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            var f = StatFields(pid);
            if (f is not null && f[1] == pm.ToString(CultureInfo.InvariantCulture)) total += Ticks(f, false);
        }
        return total;
    }

    private static long ProcessTicks(int pid, bool withReapedChildren = false) =>
        StatFields(pid) is { } f ? Ticks(f, withReapedChildren) : 0;

    // Fields after "(comm)": [0]=state [1]=ppid … [11]=utime [12]=stime [13]=cutime [14]=cstime.
    private static long Ticks(string[] f, bool withReapedChildren) =>
        long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)
        + (withReapedChildren ? long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture) : 0);

    private static string[]? StatFields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static long MachineBusyTicks()
    {
        // cpu  user nice system idle iowait irq softirq steal …
        var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = f.Skip(1).Take(8).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return values.Sum() - values[3] - values[4];
    }
}
