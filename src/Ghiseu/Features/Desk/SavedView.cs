using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ghiseu.Features.Desk;

/// <summary>A staff member's own named inbox: one of the views with filters, kept as the query string the views accept.</summary>
public sealed class SavedView
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid OwnerId { get; set; }
    public required string Name { get; set; }

    /// <summary>One of <see cref="InboxViews.Names"/>.</summary>
    public required string View { get; set; }

    /// <summary>Filters and sort as a query string, e.g. <c>status=open&amp;priority=high&amp;q=pașaport</c>.</summary>
    public string Query { get; set; } = "";

    public int Position { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class SavedViewConfiguration : IEntityTypeConfiguration<SavedView>
{
    public void Configure(EntityTypeBuilder<SavedView> b)
    {
        b.ToTable("SavedViews");
        b.Property(v => v.Name).HasMaxLength(100);
        b.Property(v => v.View).HasMaxLength(32);
        b.Property(v => v.Query).HasMaxLength(2000);
        b.HasOne<Identity.StaffUser>().WithMany().HasForeignKey(v => v.OwnerId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(v => new { v.OwnerId, v.Position });
    }
}
