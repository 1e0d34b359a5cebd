using System.Diagnostics;

namespace Ghiseu.Bench;

/// <summary>
/// The harness's temp root: server data directories, pid files and the throw-away PostgreSQL live
/// under it. Disposing stops whatever is left and removes it; a watchdog process does the same if
/// the harness dies without disposing (killed, crashed).
/// </summary>
public sealed class Workspace : IAsyncDisposable
{
    private readonly Process? watchdog;
    private readonly List<IAsyncDisposable> owned = [];

    private Workspace(string repo, string root)
    {
        Repo = repo;
        Root = root;
        var psi = new ProcessStartInfo("bash") { UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(repo, "bench", "Ghiseu.Bench", "watchdog.sh"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), root, repo })
            psi.ArgumentList.Add(a);
        watchdog = Process.Start(psi);
    }

    public string Repo { get; }
    public string Root { get; }

    /// <summary>Another build of the server to run (--app); null for the repository's Release build.</summary>
    public string? AppDll { get; init; }

    public static Workspace Create(string? appDll = null)
    {
        var repo = FindRepo();
        if (appDll is not null && !File.Exists(appDll)) throw new BenchException($"--app: no {appDll}");
        var root = Directory.CreateTempSubdirectory("ghiseu-bench.").FullName;
        // The postgres OS user must reach the throw-away server's directory inside.
        File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        return new Workspace(repo, root) { AppDll = appDll is null ? null : Path.GetFullPath(appDll) };
    }

    /// <summary>A new directory under the root.</summary>
    public string NewDirectory(string name) => Directory.CreateDirectory(Path.Combine(Root, name)).FullName;

    /// <summary>Disposed (last first) when the workspace is.</summary>
    public T Own<T>(T resource) where T : IAsyncDisposable
    {
        lock (owned) owned.Add(resource);
        return resource;
    }

    public async Task ReleaseAsync(IAsyncDisposable resource)
    {
        lock (owned) owned.Remove(resource);
        await resource.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        List<IAsyncDisposable> list;
        lock (owned) { list = [.. owned]; owned.Clear(); }
        list.Reverse();
        foreach (var r in list)
        {
            try { await r.DisposeAsync(); }
            catch (Exception e) { Console.Error.WriteLine($"bench: cleanup: {e.Message}"); }
        }
        // Leftovers of an interrupted start: throw-away servers the objects above never knew of.
        foreach (var d in Directory.Exists(Root) ? Directory.GetDirectories(Root, "ghiseu-pg.*") : [])
        {
            try { await Shell.RunAsync("bash", [Path.Combine(Repo, "scripts", "pg-temp.sh"), "stop", d], TimeSpan.FromSeconds(60)); }
            catch (Exception e) { Console.Error.WriteLine($"bench: cleanup: {e.Message}"); }
        }
        try { Directory.Delete(Root, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { Console.Error.WriteLine($"bench: could not remove {Root}: {e.Message}"); }
        if (watchdog is { HasExited: false })
        {
            watchdog.Kill();
            await watchdog.WaitForExitAsync();
        }
        watchdog?.Dispose();
    }

    private static string FindRepo()
    {
        foreach (var start in new[] { Environment.GetEnvironmentVariable("GHISEU_ROOT"), Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Ghiseu.slnx"))) return dir.FullName;
        }
        throw new BenchException("cannot find the repository (Ghiseu.slnx) above the current directory; set GHISEU_ROOT");
    }
}
