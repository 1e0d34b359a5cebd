using System.Text.Json;
using Ghiseu.Data;
using Ghiseu.Features.Outbox;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Ghiseu.Features.Desk.Live;

/// <summary>
/// "A case of unit U was created or changed", raised in this process right after the change is
/// committed, for open desk pages to refresh. Listeners filter by their own unit scope. Several nodes
/// would carry these between them over the Redis backplane (see docs/desk.md).
/// </summary>
public sealed class DeskEvents
{
    public event Action<Guid>? CaseChanged;

    public void Raise(Guid unitId) => CaseChanged?.Invoke(unitId);
}

/// <summary>Watches saves for case events in the outbox and raises them once the change has committed.</summary>
public sealed class DeskEventsInterceptor(DeskEvents events) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly string[] Types = [OutboxTypes.CaseCreated, OutboxTypes.CaseChanged];

    // Units touched by the save in progress, per context (a context saves one batch at a time).
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Microsoft.EntityFrameworkCore.DbContext, List<Guid>> pending = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Capture(eventData);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Capture(eventData);
        return base.SavingChanges(eventData, result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Publish(eventData);
        return base.SavedChanges(eventData, result);
    }

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) =>
        Publish(eventData.Context, afterCommit: true);

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        var saved = await base.SavedChangesAsync(eventData, result, cancellationToken);
        Publish(eventData);
        return saved;
    }

    private void Capture(DbContextEventData e)
    {
        if (e.Context is not GhiseuDb db) return;
        var units = db.ChangeTracker.Entries<OutboxMessage>()
            .Where(x => x.State == Microsoft.EntityFrameworkCore.EntityState.Added && Types.Contains(x.Entity.Type))
            .Select(x => UnitOf(x.Entity.Payload)).OfType<Guid>().Distinct().ToList();
        if (units.Count > 0) pending.AddOrUpdate(db, units);
    }

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Publish(eventData.Context, afterCommit: true);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } db) pending.Remove(db);
    }

    public Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    private void Publish(DbContextEventData e) => Publish(e.Context, afterCommit: false);

    /// <summary>Inside an explicit transaction a save is not yet visible to others: wait for the commit.</summary>
    private void Publish(Microsoft.EntityFrameworkCore.DbContext? db, bool afterCommit)
    {
        if (db is null || (!afterCommit && db.Database.CurrentTransaction is not null)) return;
        if (!pending.TryGetValue(db, out var units)) return;
        pending.Remove(db);
        foreach (var unit in units) events.Raise(unit);
    }

    private static Guid? UnitOf(string payload)
    {
        using var doc = JsonDocument.Parse(payload);
        return doc.RootElement.TryGetProperty("unitId", out var u) && u.TryGetGuid(out var id) ? id : null;
    }
}
