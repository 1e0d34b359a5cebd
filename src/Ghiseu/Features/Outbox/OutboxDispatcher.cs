using Ghiseu.Data;
using Ghiseu.Features.Background;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Outbox;

/// <summary>Delivers one kind of outbox message; throw to have it retried with backoff.</summary>
public interface IOutboxHandler
{
    string Type { get; }

    Task HandleAsync(OutboxMessage message, CancellationToken ct);
}

/// <summary>
/// Takes due outbox messages under a lease (so any node can run it, and a crashed node's work is
/// taken over when its lease ends), hands each to the handlers of its type and retries failures
/// with exponential backoff. Messages no handler wants are marked done.
/// </summary>
public sealed class OutboxDispatcher(IDbContextFactory<GhiseuDb> factory, IEnumerable<IOutboxHandler> handlers, NodeIdentity node, TimeProvider clock,
    ILogger<OutboxDispatcher> log) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var worked = 0;
            try { worked = await RunOnceAsync(stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException) { log.LogWarning(e, "Outbox pass failed"); }
            if (worked > 0) continue;
            try { await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken); }
            catch (OperationCanceledException) { return; } // the host is stopping
        }
    }

    /// <summary>One pass: lease up to 50 due messages and deliver them. Returns how many were taken.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var lease = node.NewHolder();
        List<Guid> ids;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            ids = await db.OutboxMessages.Where(m => m.ProcessedAt == null && m.NextAttemptAt <= now && (m.LeaseUntil == null || m.LeaseUntil < now))
                .OrderBy(m => m.NextAttemptAt).Select(m => m.Id).Take(50).ToListAsync(ct);
            if (ids.Count == 0) return 0;
            // The conditional update is the lease: of two nodes racing for a row, one updates it.
            var until = now + Lease;
            await db.OutboxMessages.Where(m => ids.Contains(m.Id) && m.ProcessedAt == null && (m.LeaseUntil == null || m.LeaseUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeasedBy, lease).SetProperty(m => m.LeaseUntil, until), ct);
        }
        await using var work = await factory.CreateDbContextAsync(ct);
        var leased = await work.OutboxMessages.Where(m => ids.Contains(m.Id) && m.LeasedBy == lease && m.ProcessedAt == null).ToListAsync(ct);
        foreach (var message in leased)
        {
            try
            {
                foreach (var h in handlers.Where(h => h.Type == message.Type)) await h.HandleAsync(message, ct);
                message.ProcessedAt = clock.GetUtcNow();
                message.LastError = null;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                message.Attempts++;
                message.LastError = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
                message.NextAttemptAt = clock.GetUtcNow() + Backoff(message.Attempts);
                log.LogWarning("Outbox message {Id} ({Type}) failed, attempt {Attempts}: {Error}", message.Id, message.Type, message.Attempts, message.LastError);
            }
            message.LeasedBy = null;
            message.LeaseUntil = null;
        }
        await work.SaveChangesAsync(ct);
        return leased.Count;
    }

    /// <summary>5 s, 10 s, 20 s … capped at one hour.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, 5 * Math.Pow(2, Math.Max(0, attempts - 1))));
}

/// <summary>Gives back the outbox leases of the node's earlier runs.</summary>
internal sealed class OutboxLeases : ILeasedWork
{
    public string Name => "outbox";

    public Task<int> ReleaseEarlierRunsAsync(GhiseuDb db, NodeIdentity node, CancellationToken ct) =>
        LeasedRows.ReleaseEarlierRunsAsync(db.OutboxMessages.Where(m => m.ProcessedAt == null), node, ct);
}
