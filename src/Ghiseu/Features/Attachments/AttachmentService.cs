using System.Globalization;
using Ghiseu.Data;
using Ghiseu.Web.Resources;
using Microsoft.Extensions.Options;

namespace Ghiseu.Features.Attachments;

/// <summary>Checks and stores uploaded files for a case; used by the API, the portal and the desk.</summary>
public sealed class AttachmentService(GhiseuDb db, FileStore store, IOptions<AttachmentOptions> options, TimeProvider clock)
{
    public AttachmentOptions Limits => options.Value;

    /// <summary>Checks every file first, so a bad file in a batch stores nothing; returns field errors or the new rows (not yet saved).</summary>
    public async Task<(List<Attachment> Added, List<(string Field, string Message)> Errors)> AddAsync(
        Guid caseId, Guid unitId, Guid? interactionId, Guid? uploadedBy, IReadOnlyList<IFormFile> files, CancellationToken ct)
    {
        var errors = new List<(string, string)>();
        if (files.Count == 0) errors.Add(("files", Messages.FilesNone));
        if (files.Count > Limits.MaxFilesPerUpload) errors.Add(("files", Format(Messages.FilesTooMany, Limits.MaxFilesPerUpload)));
        var accepted = new List<(IFormFile File, FileTypes.Kind Kind, byte[]? Replacement)>();
        foreach (var f in files)
        {
            var name = SafeName(f.FileName);
            if (f.Length == 0) { errors.Add(("files", Format(Messages.FileEmpty, name))); continue; }
            if (f.Length > Limits.MaxFileBytes) { errors.Add(("files", Format(Messages.FileTooLarge, name, Size(Limits.MaxFileBytes)))); continue; }
            await using var s = f.OpenReadStream();
            var (kind, error) = FileTypes.Check(name, f.ContentType, s);
            if (kind is null) { errors.Add(("files", error!)); continue; }
            var inspected = await FileChecks.InspectAsync(kind, s, name, Limits, ct);
            if (inspected.Error is not null) errors.Add(("files", inspected.Error));
            else accepted.Add((f, kind, inspected.Replacement));
        }
        if (errors.Count > 0) return ([], errors);

        var added = new List<Attachment>();
        foreach (var (f, kind, replacement) in accepted)
        {
            // An image is stored as re-encoded by the check: the picture without its metadata.
            await using var s = replacement is null ? f.OpenReadStream() : new MemoryStream(replacement, writable: false);
            var (sha, size) = await store.SaveAsync(s, ct);
            var a = new Attachment
            {
                CaseId = caseId, UnitId = unitId, InteractionId = interactionId, FileName = SafeName(f.FileName),
                ContentType = kind.ContentType, Size = size, Sha256 = sha, CreatedAt = clock.GetUtcNow(), UploadedBy = uploadedBy,
            };
            db.Attachments.Add(a);
            added.Add(a);
        }
        return (added, errors);
    }

    private static string Format(string template, params object[] args) => string.Format(CultureInfo.CurrentCulture, template, args);

    /// <summary>A size for people: "20 MB", "512 KB", "1.5 MB" (a limit below 1 MB must not read as "0 MB").</summary>
    public static string Size(long bytes) => bytes >= 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB");

    /// <summary>Keeps the file's own name for people, without any path or control characters.</summary>
    public static string SafeName(string name)
    {
        var file = Path.GetFileName(name.Replace('\\', '/'));
        var clean = new string([.. file.Where(c => !char.IsControl(c) && c is not ('"' or '/'))]).Trim();
        return clean.Length == 0 ? "file" : clean.Length > 200 ? clean[^200..] : clean;
    }
}
