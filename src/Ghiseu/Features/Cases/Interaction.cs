namespace Ghiseu.Features.Cases;

public enum InteractionKind { Email, PortalMessage, Chat, Call, Sms, Messaging, Note, StatusChange, FieldChange, Assignment, Referral, Link, Merge }

public enum Direction { Inbound, Outbound, Internal }

/// <summary>Every message or event on a case, in time order.</summary>
public sealed class Interaction
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }

    /// <summary>Unit of the case, kept here so unit scoping needs no join.</summary>
    public Guid UnitId { get; set; }

    public InteractionKind Kind { get; set; }
    public Direction Direction { get; set; }
    public Channel? Channel { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? AuthorStaffId { get; set; }
    public string? AuthorName { get; set; }
    public string Body { get; set; } = "";

    /// <summary>Message-ID, CTI call id or gateway id: what makes repeated deliveries idempotent.</summary>
    public string? ExternalId { get; set; }

    public int? DurationSeconds { get; set; }

    /// <summary>For outbound messages: queued, sent, failed, bounced.</summary>
    public string? DeliveryState { get; set; }

    /// <summary>True when the citizen sees it on the portal; internal notes and field changes are not public.</summary>
    public bool Public { get; set; }
}
