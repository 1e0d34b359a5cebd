using System.Text.Json;
using Ghiseu.Data;
using Ghiseu.Features.Attachments;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Notifications;
using Ghiseu.Features.Outbox;
using Ghiseu.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Ghiseu.Features.Portal;

/// <summary>The public API of the citizen portal: submit a request, follow it, answer, rate. No sign-in; rate-limited per address.</summary>
public static class PortalEndpoints
{
    public static IEndpointRouteBuilder MapPortalEndpoints(this IEndpointRouteBuilder app)
    {
        var limits = app.ServiceProvider.GetRequiredService<IOptions<AttachmentOptions>>().Value;
        var upload = new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(limits.MaxUploadRequestBytes);
        var g = app.MapGroup("/api/v1/portal/requests").WithTags("Portal").AllowAnonymous()
            .DisableAntiforgery(); // no cookies authenticate these calls; the tracking code is the credential
        g.MapPost("", SubmitAsync).RequireRateLimiting(RateLimits.Submit).WithMetadata(upload)
            .Accepts<PortalRequest>("application/json", "multipart/form-data")
            .WithSummary("Files a request (JSON, or multipart with a `request` JSON part and `files`); answers with the registration number and tracking code.");
        g.MapGet("/{registrationNumber}", StatusAsync).RequireRateLimiting(RateLimits.Tracking)
            .WithSummary("Status and public timeline of a request, for the holder of its tracking code (`code`).");
        g.MapPost("/{registrationNumber}/messages", ReplyAsync).RequireRateLimiting(RateLimits.Tracking).WithMetadata(upload)
            .WithSummary("The citizen writes back (multipart: `body` and `files`, or JSON {body}); a request waiting for them goes back to work.");
        g.MapPost("/{registrationNumber}/rating", RateAsync).RequireRateLimiting(RateLimits.Tracking)
            .WithSummary("Rates the answer of a resolved request, 1 to 5, with an optional comment.");
        g.MapGet("/{registrationNumber}/attachments/{id:guid}", DownloadAsync).RequireRateLimiting(RateLimits.Tracking)
            .WithSummary("Downloads a file shown on the public timeline.");
        return app;
    }

    private static async Task<IResult> SubmitAsync(HttpRequest http, CaseIntake intake, AttachmentService attachments, IOptions<PortalLinkOptions> portal, CancellationToken ct)
    {
        PortalRequest? r;
        IReadOnlyList<IFormFile> files = [];
        if (http.HasFormContentType)
        {
            var form = await http.ReadFormAsync(ct);
            r = JsonSerializer.Deserialize<PortalRequest>(form["request"].ToString() is { Length: > 0 } json ? json : "null", Json.Options);
            files = [.. form.Files];
        }
        else r = await http.ReadFromJsonAsync<PortalRequest>(Json.Options, ct);
        if (r is null) return Problems.Validation(("request", "The request is empty."));
        var errors = PortalRules.Check(r);
        if (errors.Count > 0) return Problems.Validation([.. errors]);
        var subject = string.IsNullOrWhiteSpace(r.Subject) ? PortalRules.SubjectFrom(r.Description) : r.Subject.Trim();
        var request = new CreateCaseRequest(r.Unit, r.Category, subject, r.Description, Channel.Portal, r.Citizen, null, r.Location, r.Fields);
        var result = await intake.CreateAsync(request, staffScoped: false, ct,
            attach: files.Count == 0 ? null : async (c, first) => (await attachments.AddAsync(c.Id, c.UnitId, first.Id, null, files, ct)).Errors);
        if (result.Case is not { } created) return Problems.Validation([.. result.Errors]);
        return TypedResults.Created($"/api/v1/portal/requests/{created.RegistrationNumber}",
            new PortalReceipt(created.RegistrationNumber, created.TrackingCode, PortalRules.TrackingUrl(portal.Value, created)));
    }

    private static async Task<IResult> StatusAsync(string registrationNumber, string? code, PortalCases cases, CancellationToken ct) =>
        await cases.FindAsync(registrationNumber, code, ct) is { } c ? TypedResults.Ok(await cases.StatusAsync(c, ct)) : Problems.NotFound();

    private static async Task<IResult> ReplyAsync(string registrationNumber, string? code, HttpRequest http, PortalCases cases,
        AttachmentService attachments, GhiseuDb db, TimeProvider clock, CancellationToken ct)
    {
        var c = await cases.FindAsync(registrationNumber, code, ct);
        if (c is null) return Problems.NotFound();
        string? body;
        IReadOnlyList<IFormFile> files = [];
        if (http.HasFormContentType)
        {
            var form = await http.ReadFormAsync(ct);
            body = form["body"].ToString();
            files = [.. form.Files];
        }
        else body = (await http.ReadFromJsonAsync<JsonElement>(Json.Options, ct)).TryGetProperty("body", out var b) ? b.GetString() : null;
        if (string.IsNullOrWhiteSpace(body) && files.Count == 0) return Problems.Validation(("body", "Write a message or attach a file."));
        if (body?.Length > 20000) return Problems.Validation(("body", "The message is at most 20,000 characters."));
        if (c.Status == CaseStatus.Closed) return Problems.Conflict("This request is closed; file a new one.", "case-closed");
        var now = clock.GetUtcNow();
        var citizenName = await db.Citizens.IgnoreQueryFilters().Where(x => x.Id == c.CitizenId).Select(x => x.Name).FirstAsync(ct);
        var message = new Interaction
        {
            CaseId = c.Id, UnitId = c.UnitId, Kind = InteractionKind.PortalMessage, Direction = Direction.Inbound, Channel = Channel.Portal,
            At = now, AuthorName = citizenName, Body = body?.Trim() ?? "", Public = true,
        };
        if (files.Count > 0 && (await attachments.AddAsync(c.Id, c.UnitId, message.Id, null, files, ct)).Errors is { Count: > 0 } errors)
            return Problems.Validation([.. errors]);
        db.Interactions.Add(message);
        c.CitizenReplied(now);
        db.OutboxMessages.Add(OutboxMessage.CaseChanged(c, now));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await cases.StatusAsync(c, ct));
    }

    private static async Task<IResult> RateAsync(string registrationNumber, string? code, RatingRequest r, PortalCases cases, GhiseuDb db, TimeProvider clock, CancellationToken ct)
    {
        var c = await cases.FindAsync(registrationNumber, code, ct);
        if (c is null) return Problems.NotFound();
        c.Rate(r.Score, r.Comment, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> DownloadAsync(string registrationNumber, Guid id, string? code, PortalCases cases, GhiseuDb db, FileStore store, CancellationToken ct)
    {
        var c = await cases.FindAsync(registrationNumber, code, ct);
        if (c is null) return Problems.NotFound();
        var a = await db.Attachments.IgnoreQueryFilters().AsNoTracking()
            .Where(x => x.Id == id && x.CaseId == c.Id && db.Interactions.IgnoreQueryFilters().Any(i => i.Id == x.InteractionId && i.Public)).FirstOrDefaultAsync(ct);
        if (a is null || store.Open(a.Sha256) is not { } stream) return Problems.NotFound();
        return TypedResults.File(stream, a.ContentType, a.FileName);
    }
}
