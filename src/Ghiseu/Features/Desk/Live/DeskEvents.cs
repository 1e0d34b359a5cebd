using Ghiseu.Data;
using Ghiseu.Features.Events;
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

    /// <summary>The same moment, per case.</summary>
    public event Action<CaseCommit>? CaseCommitted;

    public void Raise(Guid unitId) => CaseChanged?.Invoke(unitId);

    public void Raise(CaseCommit commit) => CaseCommitted?.Invoke(commit);
}

/// <summary>
/// A committed case: its unit, id, whether it was just created and, when the save had the case in
/// hand, what it saved (so listeners need not read it back); null when the change was made without it.
/// </summary>
public sealed record CaseCommit(Guid Unit, Guid Case, bool Created, Cases.Case? Saved = null);

/// <summary>
/// Watches saves for the case events they write and raises them in this process once the change has
/// committed: the immediate path to open desk pages (subscribers of the event log follow within a
/// poll). Registered after <see cref="Events.CaseEventInterceptor"/>, which adds the events to the save.
/// </summary>
public sealed class DeskEventsInterceptor(DeskEvents events) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    // Cases touched by the save in progress, per context (a context saves one batch at a time).
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Microsoft.EntityFrameworkCore.DbContext, List<CaseCommit>> pending = [];

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
        var events = new List<(Guid Unit, Guid Case, bool Created)>();
        Dictionary<Guid, Cases.Case>? tracked = null;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.Entity is Events.CaseEvent logged && entry.State == Microsoft.EntityFrameworkCore.EntityState.Added)
                events.Add((logged.UnitId, logged.CaseId, logged.Type == CaseEventTypes.Created));
            // Only a case this save writes: its values are then exactly what commits.
            else if (entry.Entity is Cases.Case c && entry.State is Microsoft.EntityFrameworkCore.EntityState.Added or Microsoft.EntityFrameworkCore.EntityState.Modified)
                (tracked ??= [])[c.Id] = c;
        }
        if (events.Count == 0) return;
        var cases = events.Distinct().Select(x => new CaseCommit(x.Unit, x.Case, x.Created, tracked?.GetValueOrDefault(x.Case))).ToList();
        // Several saves in one transaction (a batch of email) are all published at its commit.
        if (db.Database.CurrentTransaction is not null && pending.TryGetValue(db, out var earlier))
        {
            var known = earlier.Select(e => (e.Case, e.Created)).ToHashSet();
            earlier.AddRange(cases.Where(c => !known.Contains((c.Case, c.Created))));
        }
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
        foreach (var commit in cases) events.Raise(commit);
    }
}
