namespace Ghiseu.Features.Attachments;

/// <summary>
/// The second look at a file whose type is recognized: it must be whole and well-formed in its own
/// format, checked with the format's reader rather than its first bytes. Images come back
/// re-encoded, and that copy is what is stored.
/// </summary>
public static class FileChecks
{
    public sealed record Result(string? Error, byte[]? Replacement);

    public static async Task<Result> InspectAsync(FileTypes.Kind kind, Stream content, string name, AttachmentOptions limits, CancellationToken ct)
    {
        try
        {
            if (kind == FileTypes.Pdf) return new Result(PdfCheck.Check(content, name), null);
            if (kind == FileTypes.Jpeg || kind == FileTypes.Png)
            {
                var (clean, error) = await ImageCheck.CleanAsync(content, kind, name, limits.MaxImagePixels, ct);
                return new Result(error, clean);
            }
            if (kind == FileTypes.Docx || kind == FileTypes.Odt) return new Result(PackageCheck.Check(content, kind, name, limits), null);
            return new Result(null, null); // plain text was read whole, byte by byte, when it was recognized
        }
        finally
        {
            content.Position = 0;
        }
    }
}
