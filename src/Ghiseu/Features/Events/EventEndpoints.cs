using System.ComponentModel.DataAnnotations;
using Ghiseu.Data;
using Ghiseu.Features.Identity;
using Ghiseu.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Events;

/// <summary>System administrators watch the subscribers of case events and replay them.</summary>
public static class EventEndpoints
{
    public sealed record SubscriptionDto(string Name, long Position, DateTimeOffset UpdatedAt, int Behind, int Failures, string? LastError, DateTimeOffset? NextRunAt);
    public sealed record ReplayRequest([Required] DateTimeOffset? Since);

    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/admin/event-subscriptions").WithTags("Events").RequireAuthorization(Roles.SystemAdminPolicy);
        g.MapGet("", ListAsync).WithSummary("Subscribers of case events: position, events not yet handled (up to 10,000), failures and last error.");
        g.MapPost("/{name}/replay", ReplayAsync)
            .WithSummary("Delivers again, to this subscriber only, every kept event from the first that occurred at or after `since`.");
        return app;
    }

    private static async Task<Ok<List<SubscriptionDto>>> ListAsync(GhiseuDb db, IEnumerable<ICaseEventSubscriber> subscribers, CancellationToken ct)
    {
        var names = subscribers.Select(s => s.Name).ToList();
        // One query for every subscriber, each with its backlog (counted up to 10,000).
        var rows = await db.EventSubscriptions.AsNoTracking().Where(s => names.Contains(s.Name))
            .Select(s => new
            {
                s.Name, s.EventId, s.UpdatedAt,
                Behind = db.CaseEvents.Where(e => e.TransactionId > s.TransactionId || (e.TransactionId == s.TransactionId && e.Id > s.EventId)).Take(10_000).Count(),
            })
            .ToListAsync(ct);
        var jobs = names.Select(n => SubscriberJob.Prefix + n).ToList();
        var leases = await db.JobLeases.AsNoTracking().Where(j => jobs.Contains(j.Name)).ToDictionaryAsync(j => j.Name, ct);
        var list = new List<SubscriptionDto>();
        foreach (var s in rows.OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            var job = leases.GetValueOrDefault(SubscriberJob.Prefix + s.Name);
            list.Add(new SubscriptionDto(s.Name, s.EventId, s.UpdatedAt, s.Behind, job?.Failures ?? 0, job?.LastError, job?.NextRunAt));
        }
        return TypedResults.Ok(list);
    }

    private static async Task<IResult> ReplayAsync(
        string name, ReplayRequest r, CaseEventLog log, IEnumerable<ICaseEventSubscriber> subscribers, Audit.AuditLog audit, CancellationToken ct)
    {
        if (!subscribers.Any(s => s.Name == name) || !await log.ReplayAsync(name, r.Since!.Value, ct)) return Problems.NotFound("subscription");
        await audit.RecordAsync("replay", nameof(EventSubscription), name, details: System.Text.Json.JsonSerializer.Serialize(new { since = r.Since }), ct: ct);
        return TypedResults.NoContent();
    }
}
