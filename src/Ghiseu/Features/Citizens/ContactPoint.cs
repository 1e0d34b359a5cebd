namespace Ghiseu.Features.Citizens;

public enum ContactKind { Email, Phone, Messaging }

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

    /// <summary>
    /// Ids of the citizens with this contact point, to filter with <c>Contains</c>: the database reads
    /// the few holders by index. A correlated <c>Any</c> instead makes SQLite test every row of the
    /// outer table (every citizen, every case) against it.
    /// </summary>
    public static IQueryable<Guid> Holders(Data.GhiseuDb db, ContactKind kind, string value) =>
        db.ContactPoints.Where(p => p.Kind == kind && p.Value == value).Select(p => p.CitizenId);
}
