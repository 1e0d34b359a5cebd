using System.Security.Claims;
using Ghiseu.Data;
using Ghiseu.Features.Audit;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Identity;
using Ghiseu.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Attachments;

public static class AttachmentEndpoints
{
    public static IEndpointRouteBuilder MapAttachmentEndpoints(this IEndpointRouteBuilder app)
    {
        var limits = app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<AttachmentOptions>>().Value;
        app.MapPost("/api/v1/cases/{id}/attachments", UploadAsync).WithTags("Attachments")
            .WithMetadata(new RequestSizeLimitAttribute(limits.MaxUploadRequestBytes))
            .RequireAuthorization(Roles.CaseWorkPolicy)
            .DisableAntiforgery() // the API authenticates by bearer token only, never by cookie
            .Accepts<IFormFileCollection>("multipart/form-data")
            .WithSummary($"Attaches files to a case (multipart field \"files\"); allowed: PDF, JPEG, PNG, HEIC, DOCX, ODT, TXT, checked by content.");
        app.MapGet("/api/v1/attachments/{id:guid}", DownloadAsync).WithTags("Attachments")
            .RequireAuthorization(Roles.StaffPolicy).WithSummary("Downloads an attachment of a case in your units; audited.");
        return app;
    }

    private static async Task<IResult> UploadAsync(string id, HttpRequest request, ClaimsPrincipal user, CaseReader reader,
        AttachmentService attachments, GhiseuDb db, TimeProvider clock, CancellationToken ct)
    {
        var c = await reader.FindAsync(id, ct);
        if (c is null) return Problems.NotFound();
        if (!request.HasFormContentType) return Problems.Validation(("files", "Send the files as multipart/form-data."));
        IFormCollection form;
        try { form = await request.ReadFormAsync(ct); }
        catch (InvalidDataException e) { return Problems.Validation(("files", $"The multipart body is not valid: {e.Message}")); }
        var (added, errors) = await attachments.AddAsync(c.Id, c.UnitId, null, user.StaffId(), [.. form.Files], ct);
        if (errors.Count > 0) return Problems.Validation([.. errors]);
        c.Touch(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/cases/{c.Id}/attachments",
            added.Select(a => new AttachmentRef(a.Id, a.FileName, a.ContentType, a.Size, $"/api/v1/attachments/{a.Id}")));
    }

    private static async Task<IResult> DownloadAsync(Guid id, GhiseuDb db, FileStore store, AuditLog audit, HttpResponse response, CancellationToken ct)
    {
        var a = await db.Attachments.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (a is null) return Problems.NotFound();
        var stream = store.Open(a.Sha256);
        if (stream is null) return Problems.Make(StatusCodes.Status500InternalServerError, "File missing", "The file's content is missing from the store.", "file-missing");
        await audit.RecordAsync("download", nameof(Attachment), a.Id.ToString(), a.UnitId, ct: ct);
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = "sandbox";
        return TypedResults.File(stream, a.ContentType, a.FileName, enableRangeProcessing: true);
    }
}
