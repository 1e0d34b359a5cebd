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

    /// <summary>The same moment, per case: unit, case id, and whether the case was just created.</summary>
    public event Action<Guid, Guid, bool>? CaseCommitted;

    public void Raise(Guid unitId) => CaseChanged?.Invoke(unitId);

    public void Raise(Guid unitId, Guid caseId, bool created) => CaseCommitted?.Invoke(unitId, caseId, created);
}

/// <summary>Watches saves for case events in the outbox and raises them once the change has committed.</summary>
public sealed class DeskEventsInterceptor(DeskEvents events) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private static readonly string[] Types = [OutboxTypes.CaseCreated, OutboxTypes.CaseChanged];

    // Cases touched by the save in progress, per context (a context saves one batch at a time).
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Microsoft.EntityFrameworkCore.DbContext, List<(Guid Unit, Guid Case, bool Created)>> pending = [];

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
        var cases = db.ChangeTracker.Entries<OutboxMessage>()
            .Where(x => x.State == Microsoft.EntityFrameworkCore.EntityState.Added && Types.Contains(x.Entity.Type))
            .Select(x => Of(x.Entity)).OfType<(Guid, Guid, bool)>().Distinct().ToList();
        if (cases.Count == 0) return;
        // Several saves in one transaction (a batch of email) are all published at its commit.
        if (db.Database.CurrentTransaction is not null && pending.TryGetValue(db, out var earlier)) earlier.AddRange(cases.Except(earlier));
        else pending.AddOrUpdate(db, cases);
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
        if (!pending.TryGetValue(db, out var cases)) return;
        pending.Remove(db);
        foreach (var unit in cases.Select(c => c.Unit).Distinct()) events.Raise(unit);
        foreach (var (unit, id, created) in cases) events.Raise(unit, id, created);
    }

    private static (Guid, Guid, bool)? Of(OutboxMessage m)
    {
        using var doc = JsonDocument.Parse(m.Payload);
        var root = doc.RootElement;
        return root.TryGetProperty("unitId", out var u) && u.TryGetGuid(out var unit) && root.TryGetProperty("caseId", out var c) && c.TryGetGuid(out var id)
            ? (unit, id, m.Type == OutboxTypes.CaseCreated) : null;
    }
}
