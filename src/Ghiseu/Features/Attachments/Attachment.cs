namespace Ghiseu.Features.Attachments;

/// <summary>A file on a case; the bytes live in the content-addressed store under their SHA-256.</summary>
public sealed class Attachment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }

    /// <summary>Unit of the case, kept here so unit scoping needs no join.</summary>
    public Guid UnitId { get; set; }

    public Guid? InteractionId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }

    /// <summary>Lower-case hex SHA-256 of the content; also its name in the store.</summary>
    public required string Sha256 { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public Guid? UploadedBy { get; set; }
}
