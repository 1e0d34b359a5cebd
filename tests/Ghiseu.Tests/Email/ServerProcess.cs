using System.Diagnostics;
using Ghiseu.Tests.Infrastructure;

namespace Ghiseu.Tests.Email;

/// <summary>The built server (dotnet Ghiseu.dll) as a child process, on a data directory and database of the test's own.</summary>
public sealed class ServerProcess(string dataDir, string connectionString, int httpPort, int smtpPort) : IDisposable
{
    private Process? process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> output = new();

    public int SmtpPort => smtpPort;

    private static string Dll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ghiseu.slnx"))) dir = dir.Parent;
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var dll = Path.Combine(dir!.FullName, "src", "Ghiseu", "bin", configuration, "net10.0", "Ghiseu.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("The server is not built.", dll);
    }

    public async Task StartAsync()
    {
        var dll = Dll();
        var info = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{httpPort}"])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        var env = new Dictionary<string, string>
        {
            ["Ghiseu__DataDirectory"] = dataDir,
            ["Ghiseu__Database__Provider"] = GhiseuFactory.IsPostgres ? "Postgres" : "Sqlite",
            ["ConnectionStrings__Ghiseu"] = connectionString,
            ["Ghiseu__Demo__Enabled"] = "true",
            ["Ghiseu__Demo__Cases"] = "0",
            ["Ghiseu__Demo__Password"] = GhiseuFactory.Password,
            ["Ghiseu__Email__Smtp__Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Ghiseu__Email__Smtp__Address"] = "127.0.0.1",
            ["Ghiseu__Email__Smtp__MessagesPerSenderPerHour"] = "100000",
            ["Ghiseu__Email__Imap__Enabled"] = "false",
            ["Ghiseu__Email__Processing__LeaseSeconds"] = "2",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (k, v) in env) info.Environment[k] = v;
        process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 600; i++)
        {
            if (process.HasExited) throw new InvalidOperationException($"The server exited with {process.ExitCode}:\n{string.Join('\n', output)}");
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{httpPort}/readyz")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException("The server did not get ready.");
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        output.Enqueue(line);
        while (output.Count > 40) output.TryDequeue(out _);
    }

    /// <summary>kill -9: no shutdown, no flush, nothing the process could still do.</summary>
    public void Kill()
    {
        if (process is { HasExited: false }) process.Kill(entireProcessTree: true);
        process?.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        process?.Dispose();
    }
}
