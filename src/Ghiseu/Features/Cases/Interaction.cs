namespace Ghiseu.Features.Cases;

/// <summary>What an interaction is. Stored as its number: new kinds go at the end.</summary>
public enum InteractionKind { Email, PortalMessage, Chat, Call, Sms, Messaging, Note, StatusChange, FieldChange, Assignment, Referral, Link, Merge, Upload }

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

    /// <summary>
    /// For inbound email: the verdict on the sender's address (pass, fail, unknown, none) and the
    /// results behind it ("spf=… dkim=… dmarc=…"), as the email channel found them on arrival.
    /// Null for every other interaction.
    /// </summary>
    public string? SenderCheck { get; set; }
    public string? SenderResults { get; set; }

    /// <summary>True when the citizen sees it on the portal; internal notes and field changes are not public.</summary>
    public bool Public { get; set; }

    /// <summary>
    /// Distinct folded words of a message or note, capped; the database appends them to the case's search text.
    /// Status and field changes carry none: searching them would only find the case's own words again.
    /// Nor do automatic notifications (outbound, no staff author): the same template in every case
    /// would match every case, and indexing one would make the database re-index the whole case.
    /// </summary>
    public string SearchText { get; set; } = "";

    public const int SearchTextLimit = 4000;

    /// <summary>The kind of a message that arrives on a channel (the walk-in desk and kiosk write like the portal).</summary>
    public static InteractionKind KindOf(Channel channel) => channel switch
    {
        Cases.Channel.Email => InteractionKind.Email,
        Cases.Channel.Phone => InteractionKind.Call,
        Cases.Channel.Chat => InteractionKind.Chat,
        Cases.Channel.Sms => InteractionKind.Sms,
        Cases.Channel.Messaging => InteractionKind.Messaging,
        _ => InteractionKind.PortalMessage,
    };

    public static bool IsMessage(InteractionKind kind) =>
        kind is InteractionKind.Email or InteractionKind.PortalMessage or InteractionKind.Chat or InteractionKind.Call
            or InteractionKind.Sms or InteractionKind.Messaging or InteractionKind.Note;

    /// <summary>Sets <see cref="SearchText"/> from the body; called by the save path for every new interaction.</summary>
    public void FoldForSearch()
    {
        if (!IsMessage(Kind) || SearchText.Length > 0 || (Direction == Direction.Outbound && AuthorStaffId is null)) return;
        SearchText = Data.TextFolding.Words(Body.Length > SearchTextLimit * 4 ? Body[..(SearchTextLimit * 4)] : Body, SearchTextLimit);
    }
}
