using Ghiseu.Data;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Events;

/// <summary>Reads the case events after a position, and moves subscriptions.</summary>
public sealed class CaseEventLog(IDbContextFactory<GhiseuDb> factory)
{
    /// <summary>
    /// Events after (<paramref name="transaction"/>, <paramref name="id"/>), in order. On PostgreSQL
    /// only those of transactions older than the oldest one still running: identity values are taken
    /// in one order and committed in another, and a transaction still running may yet commit an event
    /// below what a reader has already seen. Below that horizon nothing can appear any more.
    /// </summary>
    public async Task<List<CaseEvent>> AfterAsync(long transaction, long id, int count, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var events = db.CaseEvents.AsNoTracking().Where(e => e.TransactionId > transaction || (e.TransactionId == transaction && e.Id > id));
        if (db.IsPostgres)
        {
            var horizon = await db.Database.SqlQueryRaw<long>("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS \"Value\"").SingleAsync(ct);
            events = events.Where(e => e.TransactionId < horizon);
        }
        return await events.OrderBy(e => e.TransactionId).ThenBy(e => e.Id).Take(count).ToListAsync(ct);
    }

    /// <summary>The subscription's row, made at the start of the log or at its end for a new subscriber.</summary>
    public async Task<EventSubscription> SubscriptionAsync(string name, bool fromTheStart, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        if (await db.EventSubscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Name == name, ct) is { } known) return known;
        var last = fromTheStart ? null : await db.CaseEvents.OrderByDescending(e => e.TransactionId).ThenByDescending(e => e.Id)
            .Select(e => new { e.TransactionId, e.Id }).FirstOrDefaultAsync(ct);
        var row = new EventSubscription { Name = name, TransactionId = last?.TransactionId ?? 0, EventId = last?.Id ?? 0, UpdatedAt = DateTimeOffset.UtcNow };
        db.EventSubscriptions.Add(row);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { return await db.EventSubscriptions.AsNoTracking().FirstAsync(s => s.Name == name, ct); }
        return row;
    }

    /// <summary>Moves the subscription past an event it handled, unless someone moved it meanwhile (a replay).</summary>
    public async Task<bool> AdvanceAsync(string name, (long T, long Id) from, CaseEvent handled, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = DateTimeOffset.UtcNow;
        return await db.EventSubscriptions.Where(s => s.Name == name && s.TransactionId == from.T && s.EventId == from.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.TransactionId, handled.TransactionId).SetProperty(s => s.EventId, handled.Id)
                .SetProperty(s => s.UpdatedAt, now), ct) > 0;
    }

    /// <summary>Sets the subscription before the first event kept that occurred at or after <paramref name="since"/>.</summary>
    public async Task<bool> ReplayAsync(string name, DateTimeOffset since, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var first = await db.CaseEvents.Where(e => e.OccurredAt >= since).OrderBy(e => e.TransactionId).ThenBy(e => e.Id)
            .Select(e => new { e.TransactionId, e.Id }).FirstOrDefaultAsync(ct);
        // With nothing to replay the position stays; otherwise just before the first: its transaction, the id before it.
        if (first is null) return await db.EventSubscriptions.AnyAsync(s => s.Name == name, ct);
        return await db.EventSubscriptions.Where(s => s.Name == name).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.TransactionId, first.TransactionId).SetProperty(s => s.EventId, first.Id - 1).SetProperty(s => s.UpdatedAt, DateTimeOffset.UtcNow), ct) > 0;
    }
}
