using System.Text.Json;
using Ghiseu.Data;
using Ghiseu.Features.Attachments;
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

    private static async Task<IResult> SubmitAsync(HttpRequest http, PortalSubmissions portal, CancellationToken ct)
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
        if (r is null) return Problems.Validation(("request", PortalText.RequestEmpty));
        var outcome = await portal.SubmitAsync(r, files, ct);
        return outcome.Value is { } receipt
            ? TypedResults.Created($"/api/v1/portal/requests/{receipt.RegistrationNumber}", receipt)
            : Problems.For(outcome.Failure!);
    }

    private static async Task<IResult> StatusAsync(string registrationNumber, string? code, PortalCases cases, CancellationToken ct) =>
        await cases.FindAsync(registrationNumber, code, ct) is { } c ? TypedResults.Ok(await cases.StatusAsync(c, ct)) : Problems.NotFound();

    private static async Task<IResult> ReplyAsync(string registrationNumber, string? code, HttpRequest http, PortalCases cases,
        PortalSubmissions portal, CancellationToken ct)
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
        var failure = await portal.ReplyAsync(c, body, files, ct);
        return failure is not null ? Problems.For(failure) : TypedResults.Ok(await cases.StatusAsync(c, ct));
    }

    private static async Task<IResult> RateAsync(string registrationNumber, string? code, RatingRequest r, PortalCases cases, PortalSubmissions portal, CancellationToken ct)
    {
        var c = await cases.FindAsync(registrationNumber, code, ct);
        if (c is null) return Problems.NotFound();
        await portal.RateAsync(c, r.Score, r.Comment, ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> DownloadAsync(string registrationNumber, Guid id, string? code, PortalCases cases, GhiseuDb db, FileStore store,
        HttpResponse response, CancellationToken ct)
    {
        var c = await cases.FindAsync(registrationNumber, code, ct);
        if (c is null) return Problems.NotFound();
        // The citizen's scope lets through only the files of the case's public timeline.
        var a = await db.Attachments.AsNoTracking().Where(x => x.Id == id && x.CaseId == c.Id).FirstOrDefaultAsync(ct);
        if (a is null || store.Open(a.Sha256) is not { } stream) return Problems.NotFound();
        return AttachmentDownloads.Serve(response, stream, a);
    }
}
