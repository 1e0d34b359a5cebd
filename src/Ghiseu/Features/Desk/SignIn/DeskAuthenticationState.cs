using Ghiseu.Features.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Ghiseu.Features.Desk.SignIn;

/// <summary>
/// Re-checks an open desk session every minute: a deactivated, locked or signed-out-everywhere account
/// (new security stamp) loses its session without reloading the page.
/// </summary>
public sealed class DeskAuthenticationState(ILoggerFactory logs, IServiceScopeFactory scopes)
    : RevalidatingServerAuthenticationStateProvider(logs)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        if (authenticationState.User.StaffId() is not { } id) return false;
        await using var scope = scopes.CreateAsyncScope();
        var resolver = scope.ServiceProvider.GetRequiredService<UnitScopeResolver>();
        resolver.Forget(id);
        return await resolver.IsValidAsync(authenticationState.User, id, cancellationToken);
    }
}
