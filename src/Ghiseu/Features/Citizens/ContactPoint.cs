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
}
