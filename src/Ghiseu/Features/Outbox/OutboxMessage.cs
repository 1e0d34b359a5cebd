namespace Ghiseu.Features.Outbox;

/// <summary>
/// Something to tell the outside world (an email, an SMS, a webhook, a live update), written in the
/// same transaction as the change that caused it and delivered afterwards with retries.
/// </summary>
public sealed class OutboxMessage : Background.ILeasedRow
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>What kind of message: notify.email, notify.sms…</summary>
    public required string Type { get; set; }

    public required string Payload { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>Node that holds the lease while delivering, and until when.</summary>
    public string? LeasedBy { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>A message due now, its payload serialized in the project's JSON shape.</summary>
    public static OutboxMessage Create(string type, object payload, DateTimeOffset now) => new()
    {
        Type = type, CreatedAt = now, NextAttemptAt = now,
        Payload = System.Text.Json.JsonSerializer.Serialize(payload, payload.GetType(), Data.Json.Options),
    };
}
