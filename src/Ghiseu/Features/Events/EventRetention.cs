using Ghiseu.Data;
using Ghiseu.Features.Background;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Events;

/// <summary>
/// Deletes case events older than <c>Ghiseu:Events:RetentionDays</c> (30) that every subscriber has
/// handled; hourly, on one node.
/// </summary>
public sealed class EventRetention(IDbContextFactory<GhiseuDb> factory, IEnumerable<ICaseEventSubscriber> subscribers, IConfiguration config, TimeProvider clock) : IScheduledJob
{
    public string Name => "events.retention";

    public bool Enabled => true;

    public async Task<TimeSpan> RunAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow().AddDays(-config.GetValue("Ghiseu:Events:RetentionDays", 30));
        await using var db = await factory.CreateDbContextAsync(ct);
        var names = subscribers.Select(s => s.Name).ToList();
        var positions = await db.EventSubscriptions.Where(s => names.Contains(s.Name)).Select(s => new { s.TransactionId, s.EventId }).ToListAsync(ct);
        var old = db.CaseEvents.Where(e => e.OccurredAt < before);
        // Nothing a subscriber still has to read (a subscriber without a row yet reads from its start only if it asks to).
        if (positions.Count > 0)
        {
            var slowest = positions.OrderBy(p => p.TransactionId).ThenBy(p => p.EventId).First();
            old = old.Where(e => e.TransactionId < slowest.TransactionId || (e.TransactionId == slowest.TransactionId && e.Id <= slowest.EventId));
        }
        await old.ExecuteDeleteAsync(ct);
        return TimeSpan.FromHours(1);
    }
}
