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

    /// <summary>The signed-in staff member takes the case.</summary>
    public IResult? TakeCase(Case c, ClaimsPrincipal user)
    {
        if (user.StaffId() is not { } me) return Web.Problems.Unauthorized("Sign in first.");
        c.Assign(me, Now);
        Add(c, InteractionKind.Assignment, Direction.Internal, $"assigned to {user.Identity?.Name}", user);
        return null;
    }
}
