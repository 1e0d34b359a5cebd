using System.Text.Json;
using Ghiseu.Data;
using Ghiseu.Features.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Ghiseu.Features.Events;

/// <summary>
/// Turns every save that adds or changes a case, or adds to its timeline, into case events in the
/// same save, so no path that writes a case can forget to publish (the API, the desk, the portal,
/// email, and what comes). Demo seeding publishes nothing.
/// </summary>
public sealed class CaseEventInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    // Written by every save: not a change anyone reacts to.
    private static readonly HashSet<string> Noise = [nameof(Case.UpdatedAt), nameof(Case.Version), nameof(Case.SearchText)];

    private static readonly (string Name, Func<Case, DateTimeOffset?> Get)[] Deadlines =
        [(nameof(Case.FirstResponseDue), c => c.FirstResponseDue), (nameof(Case.ResolutionDue), c => c.ResolutionDue), (nameof(Case.LegalDue), c => c.LegalDue)];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is GhiseuDb db) Collect(db);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is GhiseuDb db) Collect(db);
        return base.SavingChanges(eventData, result);
    }

    private void Collect(GhiseuDb db)
    {
        if (db.AuditDisabled) return;
        var now = clock.GetUtcNow();
        List<CaseEvent>? events = null;
        HashSet<Guid>? created = null;
        void Add(string type, Guid caseId, Guid unitId, object data) => (events ??= []).Add(new CaseEvent
        {
            Type = type, CaseId = caseId, UnitId = unitId, OccurredAt = now,
            Data = JsonSerializer.Serialize(data, data.GetType(), Ghiseu.Data.Json.Options),
        });

        var entries = db.ChangeTracker.Entries().ToList();
        foreach (var entry in entries)
        {
            if (entry.Entity is not Case c) continue;
            if (entry.State == EntityState.Added)
            {
                (created ??= []).Add(c.Id);
                Add(CaseEventTypes.Created, c.Id, c.UnitId, new CaseEventTypes.CreatedData(c.RegistrationNumber, c.Channel, c.CategoryId, c.Priority));
                continue;
            }
            if (entry.State != EntityState.Modified) continue;
            var fields = entry.Properties.Where(p => p.IsModified && !Noise.Contains(p.Metadata.Name)).Select(p => p.Metadata.Name).ToList();
            if (fields.Count == 0) continue;
            Add(CaseEventTypes.Changed, c.Id, c.UnitId, new CaseEventTypes.ChangedData(fields));
            if (fields.Contains(nameof(Case.Status)))
                Add(CaseEventTypes.StatusChanged, c.Id, c.UnitId, new CaseEventTypes.StatusChangedData((CaseStatus)entry.Property(nameof(Case.Status)).OriginalValue!, c.Status));
            if (fields.Contains(nameof(Case.AssigneeId)))
                Add(CaseEventTypes.Assigned, c.Id, c.UnitId, new CaseEventTypes.AssignedData((Guid?)entry.Property(nameof(Case.AssigneeId)).OriginalValue, c.AssigneeId));
            foreach (var (name, get) in Deadlines)
                if (fields.Contains(name))
                    Add(CaseEventTypes.DeadlineChanged, c.Id, c.UnitId, new CaseEventTypes.DeadlineChangedData(name, (DateTimeOffset?)entry.Property(name).OriginalValue, get(c)));
            if (fields.Contains(nameof(Case.MergedIntoId)) && c.MergedIntoId is { } into)
                Add(CaseEventTypes.Merged, c.Id, c.UnitId, new CaseEventTypes.MergedData(into));
        }
        foreach (var entry in entries)
        {
            // A new case's first messages are part of its creation.
            if (entry.Entity is Interaction i && entry.State == EntityState.Added && created?.Contains(i.CaseId) != true)
                Add(CaseEventTypes.InteractionAdded, i.CaseId, i.UnitId, new CaseEventTypes.InteractionAddedData(i.Id, i.Kind, i.Direction, i.Public));
        }
        if (events is not null) db.CaseEvents.AddRange(events);
    }
}
