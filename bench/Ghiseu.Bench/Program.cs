using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Ghiseu.Bench;

// bash, /proc and the PostgreSQL helper script: Linux only.
[assembly: SupportedOSPlatform("linux")]

if (!OperatingSystem.IsLinux())
{
    Console.Error.WriteLine("bench: runs on Linux only");
    return 2;
}

if (args.FirstOrDefault() == "uploads")
    return await UploadChecks.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 30);

if (args.FirstOrDefault() == "desk")
{
    Ghiseu.Bench.Desk.DeskBenchOptions desk;
    try
    {
        desk = Ghiseu.Bench.Desk.DeskBenchOptions.Parse(args[1..]);
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine($"bench desk: {e.Message}");
        Console.Error.WriteLine(Ghiseu.Bench.Desk.DeskBenchOptions.Usage);
        return 2;
    }
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
    await using var space = Workspace.Create();
    return await new Ghiseu.Bench.Desk.DeskBench(desk, space).RunAsync(stop.Token);
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"bench: {e.Message}");
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

// Ctrl-C, SIGTERM and SIGHUP cancel the runs; the workspace then stops the servers and removes its files.
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cts.Cancel(); });
using var hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => { c.Cancel = true; cts.Cancel(); });

try
{
    await using var workspace = Workspace.Create(options.App);
    return options.Email ? await new EmailBench(options, workspace).RunAsync(cts.Token) : await new BenchRunner(options, workspace).RunAsync(cts.Token);
}
catch (OperationCanceledException) when (cts.IsCancellationRequested)
{
    Console.Error.WriteLine("bench: interrupted; servers stopped and temp files removed");
    return 130;
}
catch (BenchException e)
{
    Console.Error.WriteLine($"bench: {e.Message}");
    return 1;
}
catch (Exception e)
{
    Console.Error.WriteLine($"bench: failed (servers stopped, temp files removed): {e}");
    return 1;
}
