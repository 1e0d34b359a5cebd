using Ghiseu.Data;
using Ghiseu.Web;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Audit;

public static class AuditEndpoints
{
    public sealed record AuditDto(long Id, DateTimeOffset At, Guid? UserId, string? UserName, string? IpAddress, string Action,
        string EntityType, string? EntityId, Guid? UnitId, string? Details);

    /// <summary>
    /// The trail's endpoint, for the readers <paramref name="readers"/> names: the policy comes from the
    /// host because Identity, which defines it, records its own actions here.
    /// </summary>
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app, string readers)
    {
        app.MapGet("/api/v1/audit", QueryAsync).WithTags("Audit").RequireAuthorization(readers)
            .WithSummary("The audit trail, newest first: filter by entity, user, action and time; page with `before` (the last id seen).");
        return app;
    }

    private static async Task<IResult> QueryAsync(string? entityType, string? entityId, Guid? user, string? action,
        DateTimeOffset? from, DateTimeOffset? to, long? before, int? limit, GhiseuDb db, CancellationToken ct)
    {
        if (limit is < 1 or > 500) return Problems.Validation(("limit", "Use 1 to 500."));
        var scope = db.Scope;
        var q = db.AuditEntries.AsNoTracking().Where(a => scope.All || a.UnitId == null || scope.UnitIds.Contains(a.UnitId.Value));
        if (entityType is not null) q = q.Where(a => a.EntityType == entityType);
        if (entityId is not null) q = q.Where(a => a.EntityId == entityId);
        if (user is not null) q = q.Where(a => a.UserId == user);
        if (action is not null) q = q.Where(a => a.Action == action);
        if (from is { } f) { var fu = f.ToUniversalTime(); q = q.Where(a => a.At >= fu); }
        if (to is { } t) { var tu = t.ToUniversalTime(); q = q.Where(a => a.At < tu); }
        if (before is { } b) q = q.Where(a => a.Id < b);
        var items = await q.OrderByDescending(a => a.Id).Take(limit ?? 100)
            .Select(a => new AuditDto(a.Id, a.At, a.UserId, a.UserName, a.IpAddress, a.Action, a.EntityType, a.EntityId, a.UnitId, a.Details))
            .ToListAsync(ct);
        return TypedResults.Ok(items);
    }
}
