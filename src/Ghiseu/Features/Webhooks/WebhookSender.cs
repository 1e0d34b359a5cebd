using Ghiseu.Data;
using Ghiseu.Features.Background;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Ghiseu.Features.Webhooks;

/// <summary>
/// Sends the deliveries (<c>webhooks.delivery</c>, on exactly one node): one loop per enabled hook,
/// each with at most <c>ConcurrencyPerHook</c> requests in flight, so a receiver that is slow, down
/// or timing out holds up only its own deliveries. A run lasts until the node stops or loses the
/// lease; the hooks' loops are started and stopped as hooks are registered, turned off or removed.
/// </summary>
public sealed class WebhookSender(IDbContextFactory<GhiseuDb> factory, WebhookDispatch dispatch, IOptionsMonitor<WebhookOptions> options,
    TimeProvider clock, ILogger<WebhookSender> log) : IScheduledJob
{
    public string Name => "webhooks.delivery";

    public bool Enabled => options.CurrentValue.Enabled;

    private TimeSpan Poll => TimeSpan.FromMilliseconds(options.CurrentValue.PollMilliseconds);

    public async Task<TimeSpan> RunAsync(CancellationToken ct)
    {
        var loops = new Dictionary<Guid, Task>();
        using var all = new SemaphoreSlim(options.CurrentValue.MaxConcurrency);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                foreach (var (id, done) in loops.Where(l => l.Value.IsCompleted).ToList())
                {
                    if (done.Exception is { } e) log.LogWarning(e, "Delivering to webhook {Hook} failed; it starts again", id);
                    loops.Remove(id);
                }
                await using (var db = await factory.CreateDbContextAsync(ct))
                {
                    var enabled = await db.Set<Webhook>().AsNoTracking().Where(w => w.Enabled).Select(w => w.Id).ToListAsync(ct);
                    foreach (var id in enabled.Where(id => !loops.ContainsKey(id)))
                        loops[id] = Task.Run(() => HookLoopAsync(id, all, ct), ct);
                }
                await Task.Delay(Poll, clock, ct);
            }
        }
        finally
        {
            await Task.WhenAll(loops.Values.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        }
        return TimeSpan.Zero;
    }

    private async Task HookLoopAsync(Guid id, SemaphoreSlim all, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var o = options.CurrentValue;
            Webhook? hook;
            List<WebhookDelivery> due;
            await using (var db = await factory.CreateDbContextAsync(ct))
            {
                hook = await db.Set<Webhook>().AsNoTracking().FirstOrDefaultAsync(w => w.Id == id && w.Enabled, ct);
                if (hook is null) return; // turned off or removed: its loop ends, its deliveries wait
                var now = clock.GetUtcNow();
                due = await db.Set<WebhookDelivery>().AsNoTracking()
                    .Where(d => d.WebhookId == id && d.State == DeliveryState.Pending && d.NextAttemptAt <= now)
                    .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.EventId).Take(o.ConcurrencyPerHook * 16).ToListAsync(ct);
            }
            if (due.Count == 0)
            {
                await Task.Delay(Poll, clock, ct);
                continue;
            }
            var send = dispatch.For(hook);
            var gone = false;
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = o.ConcurrencyPerHook, CancellationToken = ct }, async (d, c) =>
            {
                if (Volatile.Read(ref gone)) return;
                await all.WaitAsync(c);
                try { if (await send(d, c)) Volatile.Write(ref gone, true); }
                finally { all.Release(); }
            });
        }
    }
}
