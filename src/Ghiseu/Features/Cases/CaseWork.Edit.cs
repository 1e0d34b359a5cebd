using Ghiseu.Common;
using Ghiseu.Data;
using Ghiseu.Features.Categories;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Cases;

public sealed partial class CaseWork
{
    /// <summary>
    /// Applies a merge patch (RFC 7396): only the members named in <paramref name="present"/> change (in that
    /// order on the timeline), null clears where allowed. Invalid with every wrong field at once.
    /// </summary>
    public Task<Outcome<Case>> PatchAsync(string id, CasePatch patch, IReadOnlyCollection<string> present, Actor actor, long? expectedVersion, CancellationToken ct) =>
        ChangeAsync(id, actor, expectedVersion, c => Patch(c, patch, present, actor, ct), ct);

    private async Task<Failure?> Patch(Case c, CasePatch patch, IReadOnlyCollection<string> present, Actor actor, CancellationToken ct)
    {
        bool Has(string name) => present.Contains(name);
        var errors = new List<FieldError>();
        if (Has("subject"))
        {
            if (string.IsNullOrWhiteSpace(patch.Subject) || patch.Subject.Length > 300) errors.Add(new("subject", "A subject of 1 to 300 characters is required."));
            else c.Subject = patch.Subject.Trim();
        }
        if (Has("description"))
        {
            if (string.IsNullOrWhiteSpace(patch.Description) || patch.Description.Length > 20000) errors.Add(new("description", "A description of 1 to 20,000 characters is required."));
            else c.Description = patch.Description.Trim();
        }
        if (Has("priority"))
        {
            if (patch.Priority is null) errors.Add(new("priority", "Priority cannot be cleared."));
            else c.Priority = patch.Priority.Value;
        }
        Category? category = null;
        if (Has("category"))
        {
            category = await categories.FindAsync(c.UnitId, patch.Category, ct);
            if (category is null) errors.Add(new("category", "No such category for the case's unit."));
            else c.CategoryId = category.Id;
        }
        if (Has("queue"))
        {
            var queue = patch.Queue is null ? null : await db.Queues.FirstOrDefaultAsync(q => q.UnitId == c.UnitId && q.Code == patch.Queue, ct);
            if (patch.Queue is not null && queue is null) errors.Add(new("queue", "The case's unit has no such queue."));
            else c.QueueId = queue?.Id;
        }
        if (Has("tags"))
        {
            if (CaseTags.Check(patch.Tags ?? []) is { } tagError) errors.Add(new("tags", tagError));
            else c.Tags = CaseTags.Normalize(patch.Tags);
        }
        if (Has("location"))
        {
            if (patch.Location is { } l && (l.Lat is < -90 or > 90 || l.Lon is < -180 or > 180)) errors.Add(new("location", "Latitude is -90..90 and longitude -180..180."));
            else { c.Latitude = patch.Location?.Lat; c.Longitude = patch.Location?.Lon; c.Address = patch.Location?.Address; }
        }
        if (Has("fields"))
        {
            category ??= await db.Categories.AsNoTracking().FirstAsync(x => x.Id == c.CategoryId, ct);
            errors.AddRange(FieldValidation.Check(category, patch.Fields).Select(e => new FieldError(e.Field, e.Message)));
            c.Fields = patch.Fields ?? [];
        }
        if (errors.Count > 0) return new Failure.Invalid(errors);
        Add(c, InteractionKind.FieldChange, Direction.Internal, $"changed {string.Join(", ", present)}", actor);
        c.Touch(Now);
        return null;
    }

    /// <summary>Links the case to another the actor can see; Invalid target (unknown, itself), Conflict duplicate-link.</summary>
    public Task<Outcome<Case>> LinkAsync(string id, LinkRequest r, Actor actor, long? expectedVersion, CancellationToken ct) =>
        ChangeAsync(id, actor, expectedVersion, c => Link(c, r, actor, ct), ct);

    public async Task<Failure?> Link(Case c, LinkRequest r, Actor actor, CancellationToken ct)
    {
        var target = await FindAsync(r.Target, actor, ct);
        if (target is null) return new Failure.Invalid("target", "No such case among those you can see.");
        if (target.Id == c.Id) return new Failure.Invalid("target", "A case cannot be linked to itself.");
        if (await db.CaseLinks.AnyAsync(l => l.CaseId == c.Id && l.TargetCaseId == target.Id && l.Kind == r.Kind, ct))
            return new Failure.Conflict("duplicate-link", "The cases are already linked this way.");
        db.CaseLinks.Add(new CaseLink { CaseId = c.Id, TargetCaseId = target.Id, Kind = r.Kind, CreatedAt = Now, CreatedBy = actor.StaffId });
        Add(c, InteractionKind.Link, Direction.Internal, $"{Json.Name(r.Kind)} {target.RegistrationNumber}", actor);
        c.Touch(Now);
        return null;
    }

    /// <summary>
    /// Moves the source's timeline and files to the target and closes the source as its duplicate; returns the
    /// target. Invalid into (unknown), Conflict merge-invalid (the same case, or one already merged).
    /// </summary>
    public async Task<Outcome<Case>> MergeAsync(string id, string into, Actor actor, CancellationToken ct)
    {
        if (Refuse(actor) is { } refused) return refused;
        var source = await FindAsync(id, actor, ct);
        var target = await FindAsync(into, actor, ct);
        if (source is null) return new Failure.NotFound();
        if (target is null) return new Failure.Invalid("into", "No such case among those you can see.");
        if (target.Id == source.Id || target.MergedIntoId is not null || source.MergedIntoId is not null)
            return new Failure.Conflict("merge-invalid", "Only two distinct, unmerged cases can be merged.");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Interactions.Where(i => i.CaseId == source.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.CaseId, target.Id).SetProperty(i => i.UnitId, target.UnitId), ct);
        await db.Attachments.Where(a => a.CaseId == source.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.CaseId, target.Id).SetProperty(a => a.UnitId, target.UnitId), ct);
        source.CloseAsMerged(target.Id, Now);
        db.CaseLinks.Add(new CaseLink { CaseId = source.Id, TargetCaseId = target.Id, Kind = LinkKind.DuplicateOf, CreatedAt = Now, CreatedBy = actor.StaffId });
        Add(source, InteractionKind.Merge, Direction.Internal, $"merged into {target.RegistrationNumber}", actor);
        Add(target, InteractionKind.Merge, Direction.Internal, $"{source.RegistrationNumber} merged into this case", actor);
        target.Tags = [.. target.Tags.Union(source.Tags)];
        target.Touch(Now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return target;
    }
}
