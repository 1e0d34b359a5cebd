using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ghiseu.Features.Portal.SignIn;

/// <summary>
/// A one-time code mailed to a citizen who wants to see all their requests. Only a hash is kept;
/// the code expires quickly and dies after a few wrong tries.
/// </summary>
public sealed class SignInCode
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Normalized (lower-case) email address the code was sent to.</summary>
    public required string Email { get; set; }

    /// <summary>SHA-256 of the code, salted with the row id.</summary>
    public required string CodeHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public int FailedAttempts { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

internal sealed class SignInCodeConfiguration : IEntityTypeConfiguration<SignInCode>
{
    public void Configure(EntityTypeBuilder<SignInCode> b)
    {
        b.ToTable("SignInCodes");
        b.Property(c => c.Email).HasMaxLength(320);
        b.Property(c => c.CodeHash).HasMaxLength(64);
        b.HasIndex(c => new { c.Email, c.CreatedAt });
    }
}
