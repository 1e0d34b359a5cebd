using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Ghiseu.Bench;

/// <summary>
/// The real Ghiseu server (the Release build) as a child process on 127.0.0.1 and a free port,
/// with its own data directory; its output goes to a log file.
/// </summary>
public sealed class GhiseuServer : IAsyncDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;
    private readonly string pidFile;
    private bool stopped;

    private GhiseuServer(Process process, StreamWriter log, string logPath, string pidFile, Uri baseUri, string dataDirectory)
    {
        DataDirectory = dataDirectory;
        this.process = process;
        this.log = log;
        this.pidFile = pidFile;
        LogPath = logPath;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }
    public string DataDirectory { get; }
    public string LogPath { get; }
    public int Pid => process.Id;

    /// <summary>The Release build of the repository, unless --app names another build (to compare two versions).</summary>
    public static string DllPath(Workspace ws) =>
        ws.AppDll ?? Path.Combine(ws.Repo, "src", "Ghiseu", "bin", "Release", "net10.0", "Ghiseu.dll");

    /// <param name="ws">Where the data directory, log and pid file go.</param>
    /// <param name="name">Names the data directory, log and pid file.</param>
    /// <param name="env">Settings on top of the demo ones (provider, connection string, logging).</param>
    /// <param name="ct">Cancellation.</param>
    public static async Task<GhiseuServer> StartAsync(Workspace ws, string name, IReadOnlyDictionary<string, string> env, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = Launch(ws, name, env);
            ws.Own(server);
            try
            {
                await server.WaitReadyAsync(TimeSpan.FromMinutes(3), ct);
                return server;
            }
            catch (BenchException) when (attempt < 3 && server.process.HasExited && server.Log().Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await ws.ReleaseAsync(server); // lost the race for the port: try another one
            }
        }
    }

    private static GhiseuServer Launch(Workspace ws, string name, IReadOnlyDictionary<string, string> env)
    {
        var port = FreePort();
        var dataDir = ws.NewDirectory($"{name}-data-{port}");
        var psi = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The content root is the working directory: from anywhere else the server would run
            // without its appsettings.json (and log every request and SQL command at Information).
            WorkingDirectory = Path.GetDirectoryName(DllPath(ws))!,
        };
        foreach (var a in new[] { DllPath(ws), "--urls", $"http://127.0.0.1:{port}" }) psi.ArgumentList.Add(a);
        psi.Environment["Ghiseu__DataDirectory"] = dataDir;
        psi.Environment["Ghiseu__Demo__Enabled"] = "true";
        psi.Environment["Ghiseu__RateLimits__LoginPerMinute"] = "100000";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (k, v) in env) psi.Environment[k] = v;
        var logPath = Path.Combine(ws.Root, $"{name}.log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        if (!process.Start()) throw new BenchException("could not start dotnet");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var pidFile = Path.Combine(ws.Root, $"{name}.server.pid");
        File.WriteAllText(pidFile, process.Id.ToString(CultureInfo.InvariantCulture));
        return new GhiseuServer(process, log, logPath, pidFile, new Uri($"http://127.0.0.1:{port}"), dataDir);
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null) return;
        lock (log)
        {
            try { log.WriteLine(line); }
            catch (ObjectDisposedException) { } // output after the server was stopped
        }
    }

    private async Task WaitReadyAsync(TimeSpan limit, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            ct.ThrowIfCancellationRequested();
            if (process.HasExited)
                throw new BenchException($"the server exited with code {process.ExitCode} before it was ready; its log ({LogPath}):\n{Tail()}");
            try
            {
                using var r = await http.GetAsync(new Uri("/readyz", UriKind.Relative), ct);
                if (r.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { }
            await Task.Delay(200, ct);
        }
        throw new BenchException($"the server was not ready within {limit.TotalSeconds:0} s; its log:\n{Tail()}");
    }

    public string Log()
    {
        lock (log)
        {
            try { log.Flush(); }
            catch (ObjectDisposedException) { }
        }
        using var f = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(f).ReadToEnd();
    }

    public string Tail(int lines = 40) => string.Join('\n', Log().Split('\n').TakeLast(lines));

    /// <summary>Stops the server (SIGTERM, then SIGKILL after 20 s) and closes its log.</summary>
    public async ValueTask DisposeAsync()
    {
        if (stopped) return;
        stopped = true;
        try
        {
            if (!process.HasExited)
            {
                await Shell.TerminateAsync(process.Id);
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                try { await process.WaitForExitAsync(cts.Token); }
                catch (OperationCanceledException) { process.Kill(entireProcessTree: true); await process.WaitForExitAsync(); }
            }
            else
            {
                await process.WaitForExitAsync(); // drains the output handlers
            }
        }
        finally
        {
            lock (log) log.Dispose();
            process.Dispose();
            File.Delete(pidFile);
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
