using Ghiseu.Common;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Cases;

/// <summary>Changes the desk makes in one click, recorded on the timeline like the API's.</summary>
public sealed partial class CaseWork
{
    public Task<Outcome<Case>> SetPriorityAsync(string id, Priority priority, Actor actor, long? expectedVersion, CancellationToken ct) =>
        ChangeAsync(id, actor, expectedVersion, c => SetPriority(c, priority, actor), ct);

    public Failure? SetPriority(Case c, Priority priority, Actor actor)
    {
        if (c.Priority == priority) return null;
        Add(c, InteractionKind.Note, Direction.Internal, $"priority: {Data.Json.Name(c.Priority)} → {Data.Json.Name(priority)}", actor);
        c.Priority = priority;
        c.Touch(Now);
        return null;
    }

    /// <summary>Replaces the tags (lower case, see <see cref="CaseTags"/>); blank entries of a typed list are dropped.</summary>
    public Task<Outcome<Case>> SetTagsAsync(string id, IEnumerable<string> tags, Actor actor, long? expectedVersion, CancellationToken ct) =>
        ChangeAsync(id, actor, expectedVersion, c => SetTags(c, tags, actor), ct);

    public Failure? SetTags(Case c, IEnumerable<string> tags, Actor actor)
    {
        var list = CaseTags.Normalize(tags);
        if (CaseTags.Check(list) is { } error) return new Failure.Invalid("tags", error);
        if (list.SequenceEqual(c.Tags)) return null;
        Add(c, InteractionKind.FieldChange, Direction.Internal, $"tags: {string.Join(", ", list)}", actor);
        c.Tags = list;
        c.Touch(Now);
        return null;
    }

    /// <summary>Moves the case to another category of its unit and, optionally, another queue of its unit.</summary>
    public Task<Outcome<Case>> RecategorizeAsync(string id, string category, string? queue, Actor actor, long? expectedVersion, CancellationToken ct) =>
        ChangeAsync(id, actor, expectedVersion, c => Recategorize(c, category, queue, actor, ct), ct);

    public async Task<Failure?> Recategorize(Case c, string category, string? queue, Actor actor, CancellationToken ct)
    {
        var found = await categories.FindAsync(c.UnitId, category, ct);
        if (found is null) return new Failure.Invalid("category", "No such category for the case's unit.");
        Guid? queueId = c.QueueId;
        if (!string.IsNullOrWhiteSpace(queue))
        {
            queueId = await db.Queues.Where(q => q.UnitId == c.UnitId && q.Code == queue).Select(q => (Guid?)q.Id).FirstOrDefaultAsync(ct);
            if (queueId is null) return new Failure.Invalid("queue", "The case's unit has no such queue.");
        }
        if (found.Id == c.CategoryId && queueId == c.QueueId) return null;
        Add(c, InteractionKind.FieldChange, Direction.Internal, $"category: {found.Code}{(queue is null ? "" : $", queue: {queue}")}", actor);
        c.CategoryId = found.Id;
        c.QueueId = queueId;
        c.Touch(Now);
        return null;
    }

    /// <summary>
    /// Files added by staff, as one entry on the timeline that the files hang off: shared with the
    /// citizen (shown when they follow the case, as sent by the office) or internal (the default).
    /// The caller saves it with the files.
    /// </summary>
    public Interaction Upload(Case c, bool shared, string? note, Actor actor)
    {
        var i = Add(c, InteractionKind.Upload, shared ? Direction.Outbound : Direction.Internal, note?.Trim() ?? "", actor, isPublic: shared);
        c.Touch(Now);
        return i;
    }

    /// <summary>The acting staff member takes the case; Unauthorized for an actor who is not a staff member.</summary>
    public Task<Outcome<Case>> TakeAsync(string id, Actor actor, long? expectedVersion, CancellationToken ct) =>
        ChangeAsync(id, actor, expectedVersion, c => TakeCase(c, actor), ct);

    public Failure? TakeCase(Case c, Actor actor)
    {
        if (actor.StaffId is not { } me) return new Failure.Unauthorized("Sign in first.");
        c.Assign(me, Now);
        Add(c, InteractionKind.Assignment, Direction.Internal, $"assigned to {actor.Name}", actor);
        return null;
    }
}
