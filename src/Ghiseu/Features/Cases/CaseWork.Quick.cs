using System.Security.Claims;
using Ghiseu.Features.Identity;

namespace Ghiseu.Features.Cases;

/// <summary>Changes the desk makes in one click, recorded on the timeline like the API's.</summary>
public sealed partial class CaseWork
{
    public IResult? SetPriority(Case c, Priority priority, ClaimsPrincipal user)
    {
        if (c.Priority == priority) return null;
        Add(c, InteractionKind.Note, Direction.Internal, $"priority: {Data.Json.Name(c.Priority)} → {Data.Json.Name(priority)}", user);
        c.Priority = priority;
        c.Touch(Now);
        return null;
    }

    /// <summary>Replaces the tags (lower case, see <see cref="CaseTags"/>); blank entries of a typed list are dropped.</summary>
    public IResult? SetTags(Case c, IEnumerable<string> tags, ClaimsPrincipal user)
    {
        var list = CaseTags.Normalize(tags);
        if (CaseTags.Check(list) is { } error) return Web.Problems.Validation(("tags", error));
        if (list.SequenceEqual(c.Tags)) return null;
        Add(c, InteractionKind.FieldChange, Direction.Internal, $"tags: {string.Join(", ", list)}", user);
        c.Tags = list;
        c.Touch(Now);
        return null;
    }

    /// <summary>Moves the case to another category of its unit and, optionally, another queue of its unit.</summary>
    public async Task<IResult?> Recategorize(Case c, string category, string? queue, ClaimsPrincipal user, CancellationToken ct)
    {
        var found = await categories.FindAsync(c.UnitId, category, ct);
        if (found is null) return Web.Problems.Validation(("category", "No such category for the case's unit."));
        Guid? queueId = c.QueueId;
        if (!string.IsNullOrWhiteSpace(queue))
        {
            queueId = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(
                db.Queues.Where(q => q.UnitId == c.UnitId && q.Code == queue).Select(q => (Guid?)q.Id), ct);
            if (queueId is null) return Web.Problems.Validation(("queue", "The case's unit has no such queue."));
        }
        if (found.Id == c.CategoryId && queueId == c.QueueId) return null;
        Add(c, InteractionKind.FieldChange, Direction.Internal, $"category: {found.Code}{(queue is null ? "" : $", queue: {queue}")}", user);
        c.CategoryId = found.Id;
        c.QueueId = queueId;
        c.Touch(Now);
        return null;
    }

    /// <summary>
    /// Files added by staff, as one entry on the timeline that the files hang off: shared with the
    /// citizen (shown when they follow the case, as sent by the office) or internal (the default).
    /// </summary>
    public Interaction Upload(Case c, bool shared, string? note, ClaimsPrincipal user)
    {
        var i = Add(c, InteractionKind.Upload, shared ? Direction.Outbound : Direction.Internal, note?.Trim() ?? "", user, isPublic: shared);
        c.Touch(Now);
        return i;
    }

    /// <summary>The signed-in staff member takes the case.</summary>
    public IResult? TakeCase(Case c, ClaimsPrincipal user)
    {
        if (user.StaffId() is not { } me) return Web.Problems.Unauthorized("Sign in first.");
        c.Assign(me, Now);
        Add(c, InteractionKind.Assignment, Direction.Internal, $"assigned to {user.Identity?.Name}", user);
        return null;
    }
}
