using Ghiseu.Data;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Background;

/// <summary>
/// Runs every <see cref="IScheduledJob"/> on exactly one node at a time. A node takes a due job by a
/// conditional update of its <see cref="JobLease"/> row, renews the lease while the job runs (a run
/// may last longer than a lease), and gives it back with the next run's time. A node that dies
/// mid-run leaves the lease to end (<c>Ghiseu:Background:LeaseSeconds</c>, 60 by default), then any
/// node takes the job; the same node restarted takes it back at once (<see cref="LeaseRecovery"/>).
/// A run whose lease was lost (the node stalled past it) is cancelled.
/// </summary>
public sealed class JobRunner(IEnumerable<IScheduledJob> jobs, IDbContextFactory<GhiseuDb> factory, NodeIdentity node,
    TimeProvider clock, IConfiguration config, ILogger<JobRunner> log) : BackgroundService
{
    private TimeSpan Lease => TimeSpan.FromSeconds(config.GetValue("Ghiseu:Background:LeaseSeconds", 60));
    private double FirstRetrySeconds => config.GetValue("Ghiseu:Background:FirstRetrySeconds", 5.0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var due = new Dictionary<string, DateTimeOffset>();
        var running = new Dictionary<string, Task<DateTimeOffset>>();
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var (name, task) in running.Where(r => r.Value.IsCompleted).ToList())
            {
                due[name] = await task;
                running.Remove(name);
            }
            var now = clock.GetUtcNow();
            foreach (var job in jobs.Where(j => j.Enabled && !running.ContainsKey(j.Name) && due.GetValueOrDefault(j.Name) <= now))
            {
                try
                {
                    if (await TryTakeAsync(job.Name, stoppingToken) is { } holder) running[job.Name] = RunAsync(job, holder, stoppingToken);
                    else due[job.Name] = await NextLookAsync(job.Name, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning(e, "Taking job {Job} failed", job.Name);
                    due[job.Name] = now.AddSeconds(5);
                }
            }
            try { await Task.Delay(TimeSpan.FromMilliseconds(250), clock, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
        // Runs end with the host: their leases are given back so another node goes on at once.
        await Task.WhenAll(running.Values.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    /// <summary>Takes the job when it is due and nobody holds it; the holder written, or null.</summary>
    public async Task<string?> TryTakeAsync(string name, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var holder = node.NewHolder();
        var until = now + Lease;
        await using var db = await factory.CreateDbContextAsync(ct);
        var taken = await db.JobLeases.Where(j => j.Name == name && j.NextRunAt <= now && (j.LeaseUntil == null || j.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeasedBy, holder).SetProperty(j => j.LeaseUntil, until), ct);
        if (taken > 0) return holder;
        if (await db.JobLeases.AnyAsync(j => j.Name == name, ct)) return null;
        db.JobLeases.Add(new JobLease { Name = name, LeasedBy = holder, LeaseUntil = until, NextRunAt = now });
        try
        {
            await db.SaveChangesAsync(ct);
            return holder;
        }
        catch (DbUpdateException) { return null; } // another node made the row first and runs it
    }

    // When another node holds or ran the job: look again when it is due, or a little later while it runs elsewhere.
    private async Task<DateTimeOffset> NextLookAsync(string name, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await factory.CreateDbContextAsync(ct);
        var row = await db.JobLeases.AsNoTracking().Where(j => j.Name == name).Select(j => new { j.NextRunAt, j.LeaseUntil }).FirstOrDefaultAsync(ct);
        var at = row is null ? now : row.LeaseUntil > now ? Min(row.LeaseUntil.Value, now.AddSeconds(5)) : row.NextRunAt;
        return at < now.AddSeconds(1) ? now.AddSeconds(1) : Min(at, now.AddMinutes(1));
    }

    private async Task<DateTimeOffset> RunAsync(IScheduledJob job, string holder, CancellationToken stopping)
    {
        await Task.Yield();
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var renewing = RenewAsync(job.Name, holder, run);
        TimeSpan? wait = null;
        string? error = null;
        try { wait = await job.RunAsync(run.Token); }
        catch (OperationCanceledException) when (run.IsCancellationRequested) { } // shutdown or a lost lease: run again at once, wherever
        catch (Exception e)
        {
            error = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
            log.LogWarning(e, "Job {Job} failed", job.Name);
            wait = TimeSpan.Zero;
        }
        // The renewal ends before the lease is given back, so it never mistakes that for a lost lease.
        await run.CancelAsync();
        await renewing;
        return await GiveBackAsync(job.Name, holder, wait, error) ?? clock.GetUtcNow().AddSeconds(1);
    }

    // Extends the lease every third of its length; a renewal that finds the lease gone cancels the run.
    // A renewal that fails (the database briefly unreachable) is tried again, and the run is cancelled
    // before the lease it holds runs out: past that another node may take the job, and two runs of it
    // must never overlap.
    private Task RenewAsync(string name, string holder, CancellationTokenSource run) => Task.Run(async () =>
    {
        var held = clock.GetUtcNow() + Lease;
        var pause = Lease / 3;
        try
        {
            while (true)
            {
                await Task.Delay(pause, clock, run.Token);
                try
                {
                    await using var db = await factory.CreateDbContextAsync(run.Token);
                    var until = clock.GetUtcNow() + Lease;
                    if (await db.JobLeases.Where(j => j.Name == name && j.LeasedBy == holder)
                            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseUntil, until), run.Token) == 0)
                    {
                        log.LogWarning("Job {Job} lost its lease; its run is cancelled", name);
                        await run.CancelAsync();
                        return;
                    }
                    (held, pause) = (until, Lease / 3);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    pause = Lease / 12;
                    if (clock.GetUtcNow() + pause >= held - Lease / 12)
                    {
                        log.LogWarning(e, "Job {Job} could not renew its lease before it runs out; its run is cancelled", name);
                        await run.CancelAsync();
                        return;
                    }
                    log.LogWarning(e, "Renewing the lease of job {Job} failed; trying again", name);
                }
            }
        }
        catch (OperationCanceledException) { }
    });

    /// <summary>Ends a run: the lease cleared, the next run's time set (none: run again at once, elsewhere if need be).</summary>
    private async Task<DateTimeOffset?> GiveBackAsync(string name, string holder, TimeSpan? next, string? error)
    {
        try
        {
            await using var db = await factory.CreateDbContextAsync(CancellationToken.None);
            var now = clock.GetUtcNow();
            if (next is null)
            {
                await db.JobLeases.Where(j => j.Name == name && j.LeasedBy == holder)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeasedBy, (string?)null).SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null));
                return null;
            }
            var failures = error is null ? 0 : 1 + await db.JobLeases.Where(j => j.Name == name).Select(j => j.Failures).FirstAsync();
            var at = now + (error is null ? next.Value : Backoff(failures, FirstRetrySeconds));
            await db.JobLeases.Where(j => j.Name == name && j.LeasedBy == holder).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.LeasedBy, (string?)null).SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(j => j.NextRunAt, at).SetProperty(j => j.LastRunAt, now).SetProperty(j => j.LastError, error)
                .SetProperty(j => j.Runs, j => j.Runs + 1).SetProperty(j => j.Failures, failures));
            return at;
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Giving back the lease of job {Job} failed; it ends by itself", name);
            return null;
        }
    }

    /// <summary>After failed runs in a row: 5 s, 10 s, 20 s … (from <c>Ghiseu:Background:FirstRetrySeconds</c>) at most 5 minutes.</summary>
    public static TimeSpan Backoff(int failures, double first = 5) => TimeSpan.FromSeconds(Math.Min(300, first * Math.Pow(2, Math.Max(0, failures - 1))));

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

/// <summary>Gives back the scheduled jobs' leases of the node's earlier runs.</summary>
internal sealed class JobLeaseWork : ILeasedWork
{
    public string Name => "scheduled jobs";

    public Task<int> ReleaseEarlierRunsAsync(GhiseuDb db, NodeIdentity node, CancellationToken ct) =>
        LeasedRows.ReleaseEarlierRunsAsync(db.JobLeases, node, ct);
}
