using System.ComponentModel.DataAnnotations;

namespace Ghiseu.Features.Attachments;

/// <summary>Settings under Ghiseu:Attachments.</summary>
public sealed class AttachmentOptions
{
    public const string Section = "Ghiseu:Attachments";

    /// <summary>Largest accepted file, in bytes (20 MiB by default).</summary>
    [Range(1024, 1L << 31)]
    public long MaxFileBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Most files in one upload.</summary>
    [Range(1, 100)]
    public int MaxFilesPerUpload { get; set; } = 10;

    /// <summary>Largest accepted image, in pixels (40 megapixels by default): decoding takes 4 bytes a pixel.</summary>
    [Range(1_000_000, 200_000_000)]
    public long MaxImagePixels { get; set; } = 40_000_000;

    /// <summary>Most parts (zip entries) of a DOCX or ODT document.</summary>
    [Range(10, 65_534)]
    public int MaxPackageEntries { get; set; } = 1000;

    /// <summary>Most bytes a DOCX or ODT may unpack to, all parts together (100 MiB by default).</summary>
    [Range(1024 * 1024, 1L << 32)]
    public long MaxPackageExpandedBytes { get; set; } = 100 * 1024 * 1024;

    /// <summary>Largest request carrying an upload: every file at its largest, plus room for the form's text.</summary>
    public long MaxUploadRequestBytes => (MaxFileBytes * MaxFilesPerUpload) + (1024 * 1024);
}
