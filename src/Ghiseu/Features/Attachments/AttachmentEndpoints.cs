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
            .WithFormOptions(multipartBodyLengthLimit: limits.MaxUploadRequestBytes)
            .WithSummary("Attaches files to a case (multipart field \"files\"; optional \"public\" true to share them with the citizen, " +
                "\"note\" to say what they are); allowed: PDF, JPEG, PNG, DOCX, ODT, TXT, each read in full by its format's reader. " +
                "They appear on the timeline as one upload entry.");
        app.MapGet("/api/v1/attachments/{id:guid}", DownloadAsync).WithTags("Attachments")
            .RequireAuthorization(Roles.StaffPolicy).WithSummary("Downloads an attachment of a case in your units; audited.");
        return app;
    }

    private static async Task<IResult> UploadAsync(string id, HttpRequest request, ClaimsPrincipal user, CaseReader reader, CaseWork work,
        AttachmentService attachments, GhiseuDb db, TimeProvider clock, CancellationToken ct)
    {
        var c = await reader.FindAsync(id, ct);
        if (c is null) return Problems.NotFound();
        if (!request.HasFormContentType) return Problems.Validation(("files", "Send the files as multipart/form-data."));
        var form = await request.ReadFormAsync(ct); // already read, or refused with a 400, by FormGuard
        var shared = form["public"].ToString().Trim().ToLowerInvariant() switch
        {
            "" or "false" or "0" or "off" => false,
            "true" or "1" or "on" => true,
            _ => (bool?)null,
        };
        var note = form["note"].ToString();
        var errors = new List<(string, string)>();
        if (shared is null) errors.Add(("public", "Use true to share the files with the citizen, or false (the default) to keep them internal."));
        if (note.Length > 4000) errors.Add(("note", "The note is at most 4,000 characters."));
        if (errors.Count > 0) return Problems.Validation([.. errors]);
        var upload = work.Upload(c, shared!.Value, note, user.Actor(db.Scope));
        var (added, fileErrors) = await attachments.AddAsync(c.Id, c.UnitId, upload.Id, user.StaffId(), [.. form.Files], ct);
        if (fileErrors.Count > 0) return Problems.Validation([.. fileErrors]);
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
        return AttachmentDownloads.Serve(response, stream, a, ranges: true);
    }
}
