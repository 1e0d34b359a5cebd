namespace Ghiseu.Features.Identity;

/// <summary>A long-lived API credential for an integration; only its SHA-256 is stored.</summary>
public sealed class PersonalAccessToken
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    public required string Name { get; set; }
    public required string Hash { get; set; }

    /// <summary>First characters of the token, shown so the user can tell tokens apart.</summary>
    public required string Prefix { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
