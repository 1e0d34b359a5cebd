namespace Ghiseu.Features.Citizens;

public enum ContactKind { Email, Phone, Messaging }

/// <summary>
/// Who asserted a contact point. The first six follow the case channels (same numbers); staff typed
/// it; the demo seeder made it; or another way in (walk-in form, Open311, API).
/// </summary>
public enum ContactSource { Portal, Email, Phone, Chat, Sms, Messaging, Staff, Demo, Other }

/// <summary>An email address, a phone number (E.164) or a messaging handle of a citizen.</summary>
public sealed class ContactPoint
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CitizenId { get; set; }
    public ContactKind Kind { get; set; }

    /// <summary>Normalized value: lower-case email, E.164 phone, "network:handle" for messaging.</summary>
    public required string Value { get; set; }

    /// <summary>Set when mail or SMS to this point bounced for good.</summary>
    public bool Undeliverable { get; set; }

    /// <summary>Where the value came from: what a stranger types is an assertion, not proof.</summary>
    public ContactSource Source { get; set; }

    public DateTimeOffset AddedAt { get; set; }

    /// <summary>
    /// When the citizen proved control of it (a sign-in code mailed there and typed back, a channel that
    /// authenticated the sender, or staff who checked a document). Only verified points match input
    /// from channels that do not authenticate their sender.
    /// </summary>
    public DateTimeOffset? VerifiedAt { get; set; }

    /// <summary>
    /// Ids of the citizens with this contact point, to filter with <c>Contains</c>: the database reads
    /// the few holders by index. A correlated <c>Any</c> instead makes SQLite test every row of the
    /// outer table (every citizen, every case) against it.
    /// </summary>
    public static IQueryable<Guid> Holders(Data.GhiseuDb db, ContactKind kind, string value) =>
        db.ContactPoints.Where(p => p.Kind == kind && p.Value == value).Select(p => p.CitizenId);

    /// <summary>The holders whose point is verified, as one read of the (Kind, Value) index.</summary>
    public static IQueryable<Guid> VerifiedHolders(Data.GhiseuDb db, ContactKind kind, string value) =>
        db.ContactPoints.Where(p => p.Kind == kind && p.Value == value && p.VerifiedAt != null).Select(p => p.CitizenId);
}
