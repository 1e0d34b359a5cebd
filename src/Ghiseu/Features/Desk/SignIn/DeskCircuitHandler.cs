using System.Security.Claims;
using Ghiseu.Data;
using Ghiseu.Features.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Ghiseu.Features.Desk.SignIn;

/// <summary>
/// Gives an interactive desk session its unit scope and its actor when the circuit opens, before any
/// component runs, and again whenever the authentication state changes (revalidation, sign-out).
/// </summary>
public sealed class DeskCircuitHandler(CircuitIdentity identity, AuthenticationStateProvider auth, UnitScopeResolver resolver, ILogger<DeskCircuitHandler> log)
    : CircuitHandler, IDisposable
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        identity.InCircuit = true; // from here on the data context sees only what Apply grants
        auth.AuthenticationStateChanged += OnChanged;
        await ApplyAsync((await auth.GetAuthenticationStateAsync()).User, cancellationToken);
    }

    private void OnChanged(Task<AuthenticationState> state) => _ = Task.Run(async () =>
    {
        try
        {
            await ApplyAsync((await state).User, CancellationToken.None);
        }
        catch (Exception e)
        {
            // Could not check the user again: the session sees nothing rather than what it saw before.
            identity.Scope = AccessScope.None;
            identity.AuditActor = null;
            identity.User = null;
            log.LogWarning(e, "Desk session scope could not be renewed; the session sees no unit until it reconnects");
        }
    });

    private async Task ApplyAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (user.StaffId() is { } id && await resolver.IsValidAsync(user, id, ct))
        {
            identity.Scope = await resolver.ResolveAsync(id, user.IsInRole(Roles.SystemAdmin), ct);
            identity.AuditActor = new AuditActor(id, user.Identity?.Name, "desk");
            identity.User = user;
        }
        else
        {
            identity.Scope = AccessScope.None;
            identity.AuditActor = null;
            identity.User = null;
        }
    }

    public void Dispose() => auth.AuthenticationStateChanged -= OnChanged;
}
