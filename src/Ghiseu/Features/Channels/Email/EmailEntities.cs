namespace Ghiseu.Features.Channels.Email;

/// <summary>
/// An address (or an alias of one) that inbound mail is accepted for, and where it goes: the unit,
/// and optionally the queue and category of the cases it opens.
/// </summary>
public sealed class EmailAddress
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Lower-case address, e.g. contact@consulat.ro.</summary>
    public required string Address { get; set; }

    public Guid UnitId { get; set; }
    public string? QueueCode { get; set; }
    public string? CategoryCode { get; set; }

    /// <summary>Set for an alias: it routes like the address it belongs to, and replies go from that one.</summary>
    public Guid? AliasOfId { get; set; }

    /// <summary>Largest message accepted for this address, in bytes; the listener's limit when null.</summary>
    public long? MaxMessageBytes { get; set; }
}

public enum AfterImport { Delete, Move }

/// <summary>An IMAP mailbox polled for mail; its messages go to the unit's cases.</summary>
public sealed class ImapAccount
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public required string Host { get; set; }
    public int Port { get; set; } = 993;

    /// <summary>TLS on connect for port 993, STARTTLS otherwise; off only for loopback or a trusted network.</summary>
    public bool UseTls { get; set; } = true;

    public required string User { get; set; }

    /// <summary>The secret, encrypted with the server's data-protection keys.</summary>
    public string ProtectedSecret { get; set; } = "";

    public string Folder { get; set; } = "INBOX";
    public Guid UnitId { get; set; }
    public AfterImport AfterImport { get; set; } = AfterImport.Delete;
    public string? MoveTo { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTimeOffset? LastPolledAt { get; set; }
    public string? LastError { get; set; }
}

/// <summary>A unit's email presence: signatures and the auto-reply that carries the registration number.</summary>
public sealed class UnitEmailProfile
{
    public Guid UnitId { get; set; }
    public string? SignatureRo { get; set; }
    public string? SignatureEn { get; set; }
    public string? AutoReplySubjectRo { get; set; }
    public string? AutoReplyBodyRo { get; set; }
    public string? AutoReplySubjectEn { get; set; }
    public string? AutoReplyBodyEn { get; set; }
}

public enum InboundState { Pending, Processed, Quarantined, Spam, Ignored }

/// <summary>
/// One received message, recorded before the sender is told it was accepted; the raw bytes are in the
/// file store. Processing turns it into a case or an interaction in the same transaction that marks
/// it processed, so every message is handled exactly once.
/// </summary>
public sealed class InboundEmail : Background.ILeasedRow
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>"mid:" + Message-ID, or "sha:" + the content hash when there is none; unique.</summary>
    public required string MessageKey { get; set; }

    public string? MessageId { get; set; }
    public required string Sha256 { get; set; }
    public long Size { get; set; }

    /// <summary>smtp or imap.</summary>
    public required string Source { get; set; }

    public Guid? ImapAccountId { get; set; }
    public long? ImapUid { get; set; }
    public long? ImapUidValidity { get; set; }

    /// <summary>Set once the message was deleted or moved on the IMAP server.</summary>
    public bool RemoteDone { get; set; }

    public string? EnvelopeFrom { get; set; }

    /// <summary>The address that handed the message to the SMTP listener; what SPF checks.</summary>
    public string? ClientAddress { get; set; }

    /// <summary>Sender checks (<see cref="SenderAuthentication"/>): pass, fail, unknown or none; null before processing.</summary>
    public string? Spf { get; set; }
    public string? Dkim { get; set; }
    public string? Dmarc { get; set; }
    public string? SenderCheck { get; set; }

    /// <summary>Envelope recipients (SMTP) or the account's unit marker, comma-separated.</summary>
    public string Recipients { get; set; } = "";

    public string? Sender { get; set; }
    public string? Subject { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public InboundState State { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>What processing did: created, joined, bounce, spam, auto-reply ignored…</summary>
    public string? Outcome { get; set; }

    /// <summary>An administrator released it from the spam queue: process it as ordinary mail.</summary>
    public bool Released { get; set; }

    public bool AutoReplied { get; set; }
    public string? LeasedBy { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }
    public Guid? CaseId { get; set; }
    public Guid? InteractionId { get; set; }
}
