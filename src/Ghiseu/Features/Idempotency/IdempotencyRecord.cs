namespace Ghiseu.Features.Idempotency;

/// <summary>
/// The answer to a POST made with an Idempotency-Key. It is saved in the same transaction as the
/// change the request made, so a retried request can never make the change twice.
/// </summary>
public sealed class IdempotencyRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Who sent the key (user id, or client address for anonymous endpoints) and the route.</summary>
    public required string Scope { get; set; }

    public required string Key { get; set; }

    /// <summary>SHA-256 of the request path and body, to refuse the same key reused for a different request.</summary>
    public required string RequestHash { get; set; }

    /// <summary>
    /// Id of what the change created or changed, saved with the change itself, so that a retry can be
    /// answered from what was committed even when the process died before <see cref="StatusCode"/>
    /// was stored.
    /// </summary>
    public Guid? ResourceId { get; set; }

    public int? StatusCode { get; set; }
    public string? Location { get; set; }
    public string? ResponseBody { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
