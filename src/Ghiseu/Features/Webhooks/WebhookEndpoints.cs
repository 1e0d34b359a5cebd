using System.Security.Claims;
using Ghiseu.Common;
using Ghiseu.Data;
using Ghiseu.Features.Identity;
using Ghiseu.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ghiseu.Features.Webhooks;

/// <summary>
/// Administrators register webhooks and read their delivery logs: system administrators for any
/// units, unit administrators for their own units only.
/// </summary>
public static class WebhookEndpoints
{
    public sealed record SecretDto(string Secret);
    public sealed record CreatedDto(Guid Id, string Url, string? Description, IReadOnlyList<string> Events, IReadOnlyList<string>? Units, bool Enabled,
        string? DisabledReason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Secret);

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/admin/webhooks").WithTags("Webhooks").RequireAuthorization(Roles.UnitAdminPolicy);
        g.MapGet("", ListAsync).WithSummary("The webhooks the caller administers; secrets are never shown.");
        g.MapPost("", CreateAsync).WithSummary("Registers a webhook: `url`, `events` (created, changed, status-changed, assigned, deadline-changed, merged, interaction-added), optional `units` and `description`. The answer carries the signing `secret`, shown this once.");
        g.MapGet("/{id:guid}", GetAsync).WithSummary("One webhook.");
        g.MapPatch("/{id:guid}", UpdateAsync).WithSummary("Changes what is given of `url`, `events`, `units`, `description`, `enabled`.");
        g.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Removes a webhook with its delivery log.");
        g.MapPost("/{id:guid}/rotate-secret", RotateAsync).WithSummary("Makes a new signing secret, shown this once; the old one stops at once.");
        g.MapGet("/{id:guid}/deliveries", DeliveriesAsync)
            .WithSummary("Deliveries newest first with every attempt (status code, duration, error, start of the answer); `state`, `before` (createdAt of the last one seen) and `limit` (≤ 200).");
        g.MapPost("/{id:guid}/deliveries/{delivery:guid}/redeliver", RedeliverAsync).WithSummary("Sends a finished delivery again: same event id and body, new signature.");
        return app;
    }

    /// <summary>The staff member behind the request, with the units the database scope grants them.</summary>
    private static Actor.Staff Caller(ClaimsPrincipal user, GhiseuDb db) =>
        new(Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty, user.Identity?.Name ?? "", db.Scope);

    // A unit administrator asking for units not theirs is refused outright, not told of a mistake in the form.
    private static IResult Fail(Failure f) => f is Failure.Refused { Code: "forbidden" }
        ? Problems.Make(StatusCodes.Status403Forbidden, "Forbidden", f.Message, "forbidden")
        : Problems.For(f);

    private static async Task<Ok<List<WebhookAdmin.HookDto>>> ListAsync(ClaimsPrincipal user, GhiseuDb db, WebhookAdmin admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.ListAsync(Caller(user, db), ct));

    private static async Task<IResult> GetAsync(Guid id, ClaimsPrincipal user, GhiseuDb db, WebhookAdmin admin, CancellationToken ct) =>
        Answer(await admin.GetAsync(Caller(user, db), id, ct));

    private static async Task<IResult> CreateAsync(WebhookAdmin.Registration r, ClaimsPrincipal user, GhiseuDb db, WebhookAdmin admin, CancellationToken ct)
    {
        var o = await admin.CreateAsync(Caller(user, db), r with { Enabled = r.Enabled ?? true }, ct);
        if (o.Failure is { } f) return Fail(f);
        var h = o.Value!.Hook;
        return TypedResults.Created($"/api/v1/admin/webhooks/{h.Id}",
            new CreatedDto(h.Id, h.Url, h.Description, h.Events, h.Units, h.Enabled, h.DisabledReason, h.CreatedAt, h.UpdatedAt, o.Value.Secret));
    }

    private static async Task<IResult> UpdateAsync(Guid id, WebhookAdmin.Registration r, ClaimsPrincipal user, GhiseuDb db, WebhookAdmin admin, CancellationToken ct) =>
        Answer(await admin.UpdateAsync(Caller(user, db), id, r, ct));

    private static async Task<IResult> DeleteAsync(Guid id, ClaimsPrincipal user, GhiseuDb db, WebhookAdmin admin, CancellationToken ct) =>
        await admin.DeleteAsync(Caller(user, db), id, ct) is { Failure: { } f } ? Fail(f) : TypedResults.NoContent();

    private static async Task<IResult> RotateAsync(Guid id, ClaimsPrincipal user, GhiseuDb db, WebhookAdmin admin, CancellationToken ct)
    {
        var o = await admin.RotateSecretAsync(Caller(user, db), id, ct);
        return o.Failure is { } f ? Fail(f) : TypedResults.Ok(new SecretDto(o.Value!));
    }

    private static async Task<IResult> DeliveriesAsync(Guid id, DeliveryState? state, DateTimeOffset? before, int? limit, ClaimsPrincipal user, GhiseuDb db,
        WebhookLog log, CancellationToken ct) => Answer(await log.ListAsync(Caller(user, db), id, state, before, limit ?? 50, ct));

    private static async Task<IResult> RedeliverAsync(Guid id, Guid delivery, ClaimsPrincipal user, GhiseuDb db, WebhookLog log, CancellationToken ct) =>
        Answer(await log.RedeliverAsync(Caller(user, db), id, delivery, ct));

    private static IResult Answer<T>(Outcome<T> o) => o.Failure is { } f ? Fail(f) : TypedResults.Ok(o.Value);
}
