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

    /// <summary>The signed-in staff member takes the case.</summary>
    public IResult? TakeCase(Case c, ClaimsPrincipal user)
    {
        if (user.StaffId() is not { } me) return Web.Problems.Unauthorized("Sign in first.");
        c.Assign(me, Now);
        Add(c, InteractionKind.Assignment, Direction.Internal, $"assigned to {user.Identity?.Name}", user);
        return null;
    }
}
