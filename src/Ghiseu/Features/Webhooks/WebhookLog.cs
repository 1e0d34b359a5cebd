using Ghiseu.Common;
using Ghiseu.Data;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Webhooks;

/// <summary>A hook's deliveries with their attempts, newest first, and sending one again.</summary>
public sealed class WebhookLog(GhiseuDb db, WebhookAdmin admin, TimeProvider clock)
{
    public sealed record AttemptDto(DateTimeOffset At, int? StatusCode, int DurationMs, string? Error, string? Response);
    public sealed record DeliveryDto(Guid Id, string EventId, string EventType, DeliveryState State, int Attempts, DateTimeOffset CreatedAt,
        DateTimeOffset? NextAttemptAt, DateTimeOffset? CompletedAt, IReadOnlyList<AttemptDto> AttemptLog);

    /// <summary>Up to <paramref name="limit"/> deliveries created before <paramref name="before"/> (for paging), in a state or all.</summary>
    public async Task<Outcome<List<DeliveryDto>>> ListAsync(Actor.Staff actor, Guid hookId, DeliveryState? state, DateTimeOffset? before, int limit, CancellationToken ct)
    {
        if (await admin.FindAsync(actor, hookId, ct) is null) return new Failure.NotFound();
        var q = db.Set<WebhookDelivery>().AsNoTracking().Where(d => d.WebhookId == hookId);
        if (state is { } s) q = q.Where(d => d.State == s);
        if (before is { } b) q = q.Where(d => d.CreatedAt < b);
        var deliveries = await q.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.EventId).Take(Math.Clamp(limit, 1, 200)).ToListAsync(ct);
        var ids = deliveries.Select(d => d.Id).ToList();
        var attempts = (await db.Set<WebhookAttempt>().AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).ToListAsync(ct))
            .OrderBy(a => a.Id).ToLookup(a => a.DeliveryId);
        return deliveries.Select(d => Dto(d, attempts[d.Id])).ToList();
    }

    /// <summary>Sends a finished delivery again (same event id and body, a new signature), as a new round of attempts.</summary>
    public async Task<Outcome<DeliveryDto>> RedeliverAsync(Actor.Staff actor, Guid hookId, Guid deliveryId, CancellationToken ct)
    {
        if (await admin.FindAsync(actor, hookId, ct) is null) return new Failure.NotFound();
        var d = await db.Set<WebhookDelivery>().FirstOrDefaultAsync(x => x.Id == deliveryId && x.WebhookId == hookId, ct);
        if (d is null) return new Failure.NotFound();
        if (d.State == DeliveryState.Pending) return new Failure.Conflict("pending", WebhookTexts.Get("NotPending"));
        var now = clock.GetUtcNow();
        // A new round: its tries and its age count afresh.
        (d.State, d.Attempts, d.CreatedAt, d.NextAttemptAt, d.CompletedAt) = (DeliveryState.Pending, 0, now, now, null);
        await db.SaveChangesAsync(ct);
        var attempts = await db.Set<WebhookAttempt>().AsNoTracking().Where(a => a.DeliveryId == d.Id).OrderBy(a => a.Id).ToListAsync(ct);
        return Dto(d, attempts);
    }

    private static DeliveryDto Dto(WebhookDelivery d, IEnumerable<WebhookAttempt> attempts) =>
        new(d.Id, d.EventId.ToString(System.Globalization.CultureInfo.InvariantCulture), d.EventType, d.State, d.Attempts, d.CreatedAt,
            d.State == DeliveryState.Pending ? d.NextAttemptAt : null, d.CompletedAt,
            [.. attempts.Select(a => new AttemptDto(a.At, a.StatusCode, a.DurationMs, a.Error, a.Response))]);
}
