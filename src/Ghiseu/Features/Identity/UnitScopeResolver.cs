using Ghiseu.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Ghiseu.Features.Identity;

/// <summary>Turns a staff member's roles and unit grants into the <see cref="AccessScope"/> of their requests.</summary>
public sealed class UnitScopeResolver(IDbContextFactory<GhiseuDb> factory, IMemoryCache cache)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private sealed record Account(bool Active, string? SecurityStamp, DateTimeOffset? LockoutEnd, bool MustChangePassword);

    /// <summary>
    /// True while the signed-in user may still act: active, not locked out, and (for session tokens)
    /// holding the current security stamp, which changes with the password or a sign-out everywhere.
    /// Checked against a 30-second cache, so a deactivation takes effect within half a minute.
    /// </summary>
    public async Task<bool> IsValidAsync(System.Security.Claims.ClaimsPrincipal user, Guid userId, CancellationToken ct)
    {
        var stamp = user.HasClaim(c => c.Type == "pat") ? null : user.FindFirst("AspNet.Identity.SecurityStamp")?.Value;
        var account = await AccountAsync(userId, ct);
        if (stamp is not null && account is not null && stamp != account.SecurityStamp)
        {
            Forget(userId); // the token may be newer than the cached account: look again before refusing
            account = await AccountAsync(userId, ct);
        }
        if (account is null || !account.Active || account.LockoutEnd > DateTimeOffset.UtcNow) return false;
        return stamp is null || stamp == account.SecurityStamp;
    }

    private Task<Account?> AccountAsync(Guid userId, CancellationToken ct) =>
        cache.GetOrCreateAsync(("account", userId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            await using var db = await factory.CreateDbContextAsync(ct);
            return await db.Users.Where(u => u.Id == userId).Select(u => new Account(u.Active, u.SecurityStamp, u.LockoutEnd, u.MustChangePassword)).FirstOrDefaultAsync(ct);
        });

    /// <summary>True while the account still has the temporary password an administrator gave it.</summary>
    public async Task<bool> MustChangePasswordAsync(Guid userId, CancellationToken ct) =>
        (await AccountAsync(userId, ct))?.MustChangePassword == true;

    public async Task<AccessScope> ResolveAsync(Guid userId, bool systemAdmin, CancellationToken ct)
    {
        if (systemAdmin) return AccessScope.System;
        return await cache.GetOrCreateAsync(("scope", userId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            await using var db = await factory.CreateDbContextAsync(ct);
            var grants = await db.UnitGrants.Where(g => g.UserId == userId).ToListAsync(ct);
            var parents = await db.Units.Select(u => new { u.Id, u.ParentId }).ToListAsync(ct);
            var children = parents.Where(u => u.ParentId != null).ToLookup(u => u.ParentId!.Value, u => u.Id);
            var ids = new HashSet<Guid>();
            foreach (var g in grants)
            {
                var stack = new Stack<Guid>([g.UnitId]);
                while (stack.TryPop(out var id))
                {
                    if (!ids.Add(id) || !g.IncludeSubtree) continue;
                    foreach (var child in children[id]) stack.Push(child);
                }
            }
            return new AccessScope(false, [.. ids]);
        }) ?? AccessScope.None;
    }

    /// <summary>Forgets the cached scope of a user whose grants changed.</summary>
    public void Forget(Guid userId)
    {
        cache.Remove(("scope", userId));
        cache.Remove(("account", userId));
    }
}

/// <summary>Puts the caller's scope on the request before any endpoint runs.</summary>
public sealed class UnitScopeMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, UnitScopeResolver resolver)
    {
        var scope = AccessScope.None;
        if (context.User.StaffId() is { } id)
        {
            if (await resolver.IsValidAsync(context.User, id, context.RequestAborted))
            {
                // A temporary password opens only /api/v1/auth (to change it), as the desk opens only its password page.
                if (context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/api/v1/auth")
                    && await resolver.MustChangePasswordAsync(id, context.RequestAborted))
                {
                    await Web.Problems.Make(StatusCodes.Status403Forbidden, "Forbidden", Staff.StaffText.PasswordChangeRequired, "password-change-required").ExecuteAsync(context);
                    return;
                }
                scope = await resolver.ResolveAsync(id, context.User.IsInRole(Roles.SystemAdmin), context.RequestAborted);
            }
            else
                context.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity()); // token of a disabled account
        }
        context.Features.Set(scope);
        await next(context);
    }
}
