namespace Ghiseu.Features.Cases;

/// <summary>A case handed to an outside authority (police, ambulance, another ministry…) and what came of it.</summary>
public sealed class Referral
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    public Authority Authority { get; set; }

    /// <summary>Name of the body when Authority is OtherMinistry or Other.</summary>
    public string? AuthorityName { get; set; }

    public required string Reason { get; set; }
    public DateTimeOffset ReferredAt { get; set; }
    public Guid? ReferredBy { get; set; }
    public string? Outcome { get; set; }
    public DateTimeOffset? OutcomeAt { get; set; }
}
