using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ghiseu.Features.Desk.Canned;

/// <summary>
/// A prepared answer staff insert into a reply, in Romanian and English, with placeholders
/// ({citizenName}, {registrationNumber}, {trackingUrl}, {unitName}, {subject}, {status}).
/// Belongs to a unit and the units under it, or to every unit.
/// </summary>
public sealed class CannedResponse
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid? UnitId { get; set; }
    public required string Title { get; set; }
    public required string BodyRo { get; set; }
    public required string BodyEn { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed record CannedRequest([Required, StringLength(100, MinimumLength = 1)] string Title,
    [Required, StringLength(8000, MinimumLength = 1)] string BodyRo, [Required, StringLength(8000, MinimumLength = 1)] string BodyEn, string? Unit = null);

public sealed record CannedDto(Guid Id, string Title, string BodyRo, string BodyEn, string? Unit);

internal sealed class CannedResponseConfiguration : IEntityTypeConfiguration<CannedResponse>
{
    public void Configure(EntityTypeBuilder<CannedResponse> b)
    {
        b.ToTable("CannedResponses");
        b.Property(c => c.Title).HasMaxLength(100);
        b.Property(c => c.BodyRo).HasMaxLength(8000);
        b.Property(c => c.BodyEn).HasMaxLength(8000);
        b.HasIndex(c => c.UnitId);
    }
}
