using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ghiseu.Features.Identity;

/// <summary>
/// Failed staff sign-ins counted for one account name or one client address, in the database so
/// that every node of a deployment sees the same count.
/// </summary>
public sealed class SignInFailures
{
    public const string Account = "account";
    public const string Address = "address";

    /// <summary><see cref="Account"/> or <see cref="Address"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>The SHA-256 of the normalized account name (typed names are not kept), or the address.</summary>
    public required string Key { get; set; }

    public int Failures { get; set; }
    public DateTimeOffset LastFailureAt { get; set; }
    public DateTimeOffset? BlockedUntil { get; set; }
}

internal sealed class SignInFailuresConfiguration : IEntityTypeConfiguration<SignInFailures>
{
    public void Configure(EntityTypeBuilder<SignInFailures> b)
    {
        b.HasKey(f => new { f.Kind, f.Key });
        b.Property(f => f.Kind).HasMaxLength(16);
        b.Property(f => f.Key).HasMaxLength(64);
        b.HasIndex(f => f.LastFailureAt);
    }
}
