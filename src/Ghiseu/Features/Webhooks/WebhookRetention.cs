using Ghiseu.Data;
using Ghiseu.Features.Background;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Ghiseu.Features.Webhooks;

/// <summary>
/// Deletes finished deliveries (and their attempts) older than <c>Ghiseu:Webhooks:RetentionDays</c>;
/// hourly, on one node. Pending deliveries stay whatever their age: the sender ends them.
/// </summary>
public sealed class WebhookRetention(IDbContextFactory<GhiseuDb> factory, IOptionsMonitor<WebhookOptions> options, TimeProvider clock) : IScheduledJob
{
    public string Name => "webhooks.retention";

    public bool Enabled => true;

    public async Task<TimeSpan> RunAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow().AddDays(-options.CurrentValue.RetentionDays);
        await using var db = await factory.CreateDbContextAsync(ct);
        var old = db.Set<WebhookDelivery>().Where(d => d.State != DeliveryState.Pending && d.CreatedAt < before);
        // Attempts first: a bulk delete does not cascade on every provider the same way.
        await db.Set<WebhookAttempt>().Where(a => old.Any(d => d.Id == a.DeliveryId)).ExecuteDeleteAsync(ct);
        await old.ExecuteDeleteAsync(ct);
        return TimeSpan.FromHours(1);
    }
}
