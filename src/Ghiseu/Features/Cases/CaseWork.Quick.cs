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

    /// <summary>Replaces the tags (lower case, 1 to 50 characters each).</summary>
    public IResult? SetTags(Case c, IEnumerable<string> tags, ClaimsPrincipal user)
    {
        var list = tags.Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length > 0).Distinct().ToList();
        if (list.Any(t => t.Length > 50)) return Web.Problems.Validation(("tags", "Tags are 1 to 50 characters."));
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

    /// <summary>The signed-in staff member takes the case.</summary>
    public IResult? TakeCase(Case c, ClaimsPrincipal user)
    {
        if (user.StaffId() is not { } me) return Web.Problems.Unauthorized("Sign in first.");
        c.Assign(me, Now);
        Add(c, InteractionKind.Assignment, Direction.Internal, $"assigned to {user.Identity?.Name}", user);
        return null;
    }
}
