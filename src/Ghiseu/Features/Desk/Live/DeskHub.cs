using Ghiseu.Data;
using Ghiseu.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Desk.Live;

/// <summary>What a desk client hears about a case it may see.</summary>
public sealed record CaseEvent(string Kind, Guid Id, string RegistrationNumber, string Unit, string Status, DateTimeOffset UpdatedAt);

/// <summary>Who is on a case, and whether they are typing.</summary>
public sealed record PresenceEntry(Guid UserId, string Name, bool Typing);

/// <summary>
/// The desk's live channel (<c>/hubs/desk</c>). A connection joins one group per unit of the caller's
/// scope, fixed when it connects, and hears <c>caseChanged</c> for those units only. Presence on a
/// case is shared in a group of that case, which a connection joins only after the case is found in
/// its scope. Bearer tokens come in the <c>access_token</c> query parameter (browsers cannot set
/// headers on WebSockets); see <see cref="HubTokens"/>.
/// </summary>
[Authorize(Policy = Roles.StaffPolicy)]
public sealed class DeskHub(IDbContextFactory<GhiseuDb> factory, PresenceTracker presence, UnitScopeResolver scopes) : Hub
{
    public const string Path = "/hubs/desk";
    public const string AllUnits = "units:all";

    public static string UnitGroup(Guid unitId) => $"unit:{unitId}";

    public static string CaseGroup(Guid caseId) => $"case:{caseId}";

    private AccessScope Scope => Context.Items["scope"] as AccessScope ?? AccessScope.None;

    public override async Task OnConnectedAsync()
    {
        // Resolved here, not read from the request: long polling hands the hub a copy of the request
        // that carries the user but not the scope the middleware put on the original.
        var user = Context.User!;
        var scope = user.StaffId() is { } id && await scopes.IsValidAsync(user, id, Context.ConnectionAborted)
            ? await scopes.ResolveAsync(id, user.IsInRole(Roles.SystemAdmin), Context.ConnectionAborted)
            : AccessScope.None;
        Context.Items["scope"] = scope;
        if (scope.All) await Groups.AddToGroupAsync(Context.ConnectionId, AllUnits);
        foreach (var unit in scope.UnitIds) await Groups.AddToGroupAsync(Context.ConnectionId, UnitGroup(unit));
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        foreach (var caseId in presence.LeaveAll(Context.ConnectionId))
            await Clients.Group(CaseGroup(caseId)).SendAsync("presence", caseId, presence.On(caseId));
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>Starts viewing a case (id or registration number); returns who else is on it, or null when it is not visible.</summary>
    public async Task<IReadOnlyList<PresenceEntry>?> ViewCase(string idOrNumber)
    {
        var caseId = await FindAsync(idOrNumber);
        if (caseId is null) return null;
        await Groups.AddToGroupAsync(Context.ConnectionId, CaseGroup(caseId.Value));
        presence.Enter(caseId.Value, Context.ConnectionId, Context.User!.StaffId()!.Value, Context.User!.Identity?.Name ?? "?");
        var now = presence.On(caseId.Value);
        await Clients.OthersInGroup(CaseGroup(caseId.Value)).SendAsync("presence", caseId.Value, now);
        return now;
    }

    public async Task LeaveCase(Guid caseId)
    {
        if (!presence.Leave(caseId, Context.ConnectionId)) return;
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, CaseGroup(caseId));
        await Clients.Group(CaseGroup(caseId)).SendAsync("presence", caseId, presence.On(caseId));
    }

    /// <summary>Typing on a case the connection is viewing; ignored otherwise.</summary>
    public async Task Typing(Guid caseId, bool typing)
    {
        if (!presence.SetTyping(caseId, Context.ConnectionId, typing)) return;
        await Clients.OthersInGroup(CaseGroup(caseId)).SendAsync("presence", caseId, presence.On(caseId));
    }

    private async Task<Guid?> FindAsync(string idOrNumber)
    {
        await using var db = await factory.CreateDbContextAsync(Context.ConnectionAborted);
        db.Scope = Scope;
        var number = idOrNumber.Trim().ToUpperInvariant();
        return Guid.TryParse(idOrNumber, out var id)
            ? await db.Cases.Where(c => c.Id == id).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(Context.ConnectionAborted)
            : await db.Cases.Where(c => c.RegistrationNumber == number).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(Context.ConnectionAborted);
    }
}
