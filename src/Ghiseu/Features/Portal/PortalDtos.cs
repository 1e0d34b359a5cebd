using System.ComponentModel.DataAnnotations;
using Ghiseu.Features.Cases;

namespace Ghiseu.Features.Portal;

/// <summary>A citizen's request from the portal or another public front end.</summary>
public sealed record PortalRequest(
    [Required] string Unit,
    [Required] string Category,
    [StringLength(300)] string? Subject,
    [Required, StringLength(20000, MinimumLength = 10)] string Description,
    [Required] CitizenInput Citizen,
    Dictionary<string, string>? Fields = null,
    LocationDto? Location = null,
    bool Consent = false,
    string? Website = null,
    Channel? ReplyChannel = null);

public sealed record PortalReceipt(string RegistrationNumber, string TrackingCode, string TrackingUrl);

public sealed record PortalFile(Guid Id, string FileName, long Size);

public sealed record PortalMessage(DateTimeOffset At, string Direction, string Kind, string? Author, string Body, IReadOnlyList<PortalFile> Attachments);

public sealed record PortalStatus(string RegistrationNumber, CaseStatus Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    string Subject, string Unit, string Category, int? Rating, IReadOnlyList<PortalMessage> Messages);

public sealed record RatingRequest([Range(1, 5)] int Score, [StringLength(2000)] string? Comment = null);
