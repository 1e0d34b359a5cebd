using System.ComponentModel.DataAnnotations;
using Ghiseu.Features.Categories;
using Ghiseu.Features.Citizens;
using Ghiseu.Features.Units;

namespace Ghiseu.Features.Cases;

public sealed record CitizenInput(string Name, string? Email = null, string? Phone = null, string? Language = null,
    string? Country = null, string? Cnp = null);

public sealed record LocationDto([Range(-90, 90)] double Lat, [Range(-180, 180)] double Lon, [StringLength(300)] string? Address = null);

public sealed record CreateCaseRequest(
    [Required] string Unit,
    [Required] string Category,
    [Required, StringLength(300, MinimumLength = 1)] string Subject,
    [Required, StringLength(20000, MinimumLength = 1)] string Description,
    Channel Channel,
    [Required] CitizenInput Citizen,
    Priority? Priority = null,
    LocationDto? Location = null,
    Dictionary<string, string>? Fields = null,
    List<string>? Tags = null,
    string? Queue = null,
    Channel? ReplyChannel = null);

public sealed record PersonRef(Guid Id, string Name);

public sealed record LinkRequest([Required] string Target, LinkKind Kind);

public sealed record ReferralRequest(Authority Authority, [Required, StringLength(4000, MinimumLength = 1)] string Reason, [StringLength(200)] string? AuthorityName = null);

public sealed record DueDto(DateTimeOffset? FirstResponse, DateTimeOffset? Resolution, DateTimeOffset? Legal);

public sealed record CaseDto(
    Guid Id, string RegistrationNumber, string TrackingCode, string Unit, string? Queue, string Category,
    string Subject, string Description, Channel Channel, Priority Priority, CaseStatus Status, PersonRef? Assignee,
    PersonRef Citizen, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DueDto DueAt, IReadOnlyList<string> Tags,
    LocationDto? Location, IReadOnlyDictionary<string, string> Fields, bool Overdue, Guid? MergedInto, int Version, Channel ReplyChannel);

public sealed record PageDto<T>(IReadOnlyList<T> Items, string? NextCursor);

public sealed record AttachmentRef(Guid Id, string FileName, string ContentType, long Size, string Url);

public sealed record InteractionDto(Guid Id, InteractionKind Kind, Direction Direction, Channel? Channel, DateTimeOffset At,
    string? Author, string Body, bool Public, string? DeliveryState, int? DurationSeconds, IReadOnlyList<AttachmentRef> Attachments,
    string? SenderCheck = null, string? SenderResults = null);

/// <summary>The unit, queue, category and citizen a case was registered with.</summary>
public sealed record CaseParts(Unit Unit, Queue? Queue, Category Category, Citizen Citizen);
