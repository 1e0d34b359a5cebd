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

    /// <summary>Largest request carrying an upload: every file at its largest, plus room for the form's text.</summary>
    public long MaxUploadRequestBytes => (MaxFileBytes * MaxFilesPerUpload) + (1024 * 1024);
}
