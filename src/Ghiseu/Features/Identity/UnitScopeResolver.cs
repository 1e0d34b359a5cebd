using Ghiseu.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Ghiseu.Features.Identity;

/// <summary>Turns a staff member's roles and unit grants into the <see cref="AccessScope"/> of their requests.</summary>
public sealed class UnitScopeResolver(IDbContextFactory<GhiseuDb> factory, IMemoryCache cache)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

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
    public void Forget(Guid userId) => cache.Remove(("scope", userId));
}

/// <summary>Puts the caller's scope on the request before any endpoint runs.</summary>
public sealed class UnitScopeMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, UnitScopeResolver resolver)
    {
        var scope = AccessScope.None;
        if (context.User.StaffId() is { } id)
            scope = await resolver.ResolveAsync(id, context.User.IsInRole(Roles.SystemAdmin), context.RequestAborted);
        context.Features.Set(scope);
        await next(context);
    }
}
