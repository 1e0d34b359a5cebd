using System.Diagnostics;

namespace Ghiseu.Bench;

/// <summary>Thrown for failures the harness reports in one line and stops on.</summary>
public sealed class BenchException(string message) : Exception(message);

/// <summary>Runs short helper commands (build, scripts, kill).</summary>
public static class Shell
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs a command to its end; <paramref name="timeout"/> bounds it (then it is killed).</summary>
    public static async Task<Result> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? env = null, string? workingDirectory = null, bool passThrough = false)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = !passThrough,
            RedirectStandardError = !passThrough,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var p = Process.Start(psi) ?? throw new BenchException($"could not start {file}");
        var stdout = passThrough ? Task.FromResult("") : p.StandardOutput.ReadToEndAsync();
        var stderr = passThrough ? Task.FromResult("") : p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync(CancellationToken.None);
            throw new BenchException($"{file} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds:0} s");
        }
        return new Result(p.ExitCode, await stdout, await stderr);
    }

    /// <summary>Sends SIGTERM (the .NET API only has SIGKILL).</summary>
    public static Task TerminateAsync(int pid) =>
        RunAsync("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
}
