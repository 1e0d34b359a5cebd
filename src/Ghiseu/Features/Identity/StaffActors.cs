using System.Security.Claims;
using Ghiseu.Data;

namespace Ghiseu.Features.Identity;

/// <summary>The one place a signed-in staff member becomes the actor of a command.</summary>
public static class StaffActors
{
    /// <summary>
    /// The staff member behind <paramref name="user"/>, limited to <paramref name="scope"/> (the request's or
    /// the circuit's). Only for callers behind the staff policy, where the id claim is always present.
    /// </summary>
    public static Common.Actor.Staff Actor(this ClaimsPrincipal user, AccessScope scope) =>
        new(user.StaffId() ?? throw new InvalidOperationException("The user is not a signed-in staff member."), user.Identity?.Name ?? "", scope);
}
