using System.Security.Claims;
using System.Text.Encodings.Web;
using Ghiseu.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Ghiseu.Features.Identity;

/// <summary>Authenticates `Authorization: Bearer ghpat_…` against the stored token hashes.</summary>
public sealed class PersonalAccessTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IDbContextFactory<GhiseuDb> factory, IUserClaimsPrincipalFactory<StaffUser> principals, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public new const string Scheme = "PersonalAccessToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var hash = PersonalAccessTokens.HashOf(header[7..].Trim());
        await using var db = await factory.CreateDbContextAsync(Context.RequestAborted);
        var now = clock.GetUtcNow();
        var token = await db.PersonalAccessTokens.FirstOrDefaultAsync(t => t.Hash == hash, Context.RequestAborted);
        if (token is null || token.RevokedAt is not null || token.ExpiresAt < now)
            return AuthenticateResult.Fail("The access token is unknown, revoked or expired.");
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == token.UserId, Context.RequestAborted);
        if (user is null || !user.Active || user.LockoutEnd > now)
            return AuthenticateResult.Fail("The token's user is disabled.");
        // Last use is kept to the minute: a write per request would make every API call a write.
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(Context.RequestAborted);
        }
        var principal = await principals.CreateAsync(user);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim("pat", token.Id.ToString()));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme));
    }
}
