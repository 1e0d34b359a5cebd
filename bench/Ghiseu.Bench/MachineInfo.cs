using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Xml.Linq;

namespace Ghiseu.Bench;

/// <summary>What the numbers were measured on.</summary>
public sealed record MachineInfo(string Date, int Cores, string Memory, string Cpu, string Os, string Kernel, string LoadAtStart,
    string Runtime, string Commit, IReadOnlyDictionary<string, string> Versions)
{
    public static async Task<MachineInfo> CollectAsync(string repo)
    {
        var memKb = Read("/proc/meminfo").Split('\n').FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var memory = memKb is null ? "?" : $"{long.Parse(memKb, CultureInfo.InvariantCulture) / 1024.0 / 1024.0:0.0} GiB";
        var cpu = Read("/proc/cpuinfo").Split('\n').FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        var os = Read("/etc/os-release").Split('\n').FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?[12..].Trim('"') ?? RuntimeInformation.OSDescription;
        var commit = (await Git(repo, "rev-parse", "--short", "HEAD")).Trim();
        if ((await Git(repo, "status", "--porcelain", "--untracked-files=no")).Trim().Length > 0) commit += " (with uncommitted changes)";
        var versions = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["Npgsql (bench)"] = Version(typeof(Npgsql.NpgsqlConnection).Assembly),
            ["Microsoft.Data.Sqlite (bench)"] = Version(typeof(Microsoft.Data.Sqlite.SqliteConnection).Assembly),
            ["SQLite"] = SqlitePlainInserts.Version(),
        };
        foreach (var (id, v) in PackageVersions(repo)) versions[id] = v;
        return new MachineInfo(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture), Environment.ProcessorCount,
            memory, cpu, os, Read("/proc/sys/kernel/osrelease").Trim(), Read("/proc/loadavg").Split(' ').Take(3).Aggregate((a, b) => $"{a} {b}"),
            RuntimeInformation.FrameworkDescription, commit, versions);
    }

    public MachineInfo WithVersion(string name, string version)
    {
        var v = new SortedDictionary<string, string>(Versions.ToDictionary(), StringComparer.Ordinal) { [name] = version };
        return this with { Versions = v };
    }

    public void Print(TextWriter w)
    {
        w.WriteLine($"date {Date}; {Cores} cores, {Memory}, {Cpu}; {Os}, Linux {Kernel}; load average at start {LoadAtStart}");
        w.WriteLine($"{Runtime}; commit {Commit}");
        w.WriteLine(string.Join("; ", Versions.Select(kv => $"{kv.Key} {kv.Value}")));
    }

    /// <summary>EF Core and provider versions the app is built with (central package versions).</summary>
    private static IEnumerable<(string, string)> PackageVersions(string repo)
    {
        var props = Path.Combine(repo, "Directory.Packages.props");
        if (!File.Exists(props)) yield break;
        foreach (var e in XDocument.Load(props).Descendants("PackageVersion"))
        {
            var id = (string?)e.Attribute("Include");
            if (id is "Microsoft.EntityFrameworkCore" or "Npgsql.EntityFrameworkCore.PostgreSQL" or "Microsoft.EntityFrameworkCore.Sqlite")
                yield return (id, (string?)e.Attribute("Version") ?? "?");
        }
    }

    private static string Version(Assembly a) =>
        a.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? a.GetName().Version?.ToString() ?? "?";

    private static string Read(string path)
    {
        try { return File.ReadAllText(path); }
        catch (IOException) { return ""; }
    }

    private static async Task<string> Git(string repo, params string[] args)
    {
        try { return (await Shell.RunAsync("git", ["-C", repo, .. args], TimeSpan.FromSeconds(20))).Stdout; }
        catch (Exception e) when (e is BenchException or System.ComponentModel.Win32Exception) { return "?"; }
    }
}
