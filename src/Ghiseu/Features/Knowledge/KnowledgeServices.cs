using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ghiseu.Features.Knowledge;

public static class KnowledgeServices
{
    public static IServiceCollection AddKnowledge(this IServiceCollection s) => s.AddScoped<KnowledgeSearch>();
}

internal sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> b)
    {
        b.Property(a => a.Slug).HasMaxLength(100);
        b.Property(a => a.Title).HasMaxLength(200);
        b.Property(a => a.Language).HasMaxLength(5);
        b.Property(a => a.Topic).HasMaxLength(64);
        b.HasIndex(a => new { a.Language, a.Slug }).IsUnique();
        b.HasIndex(a => new { a.Published, a.Language });
        b.HasOne<Features.Units.Unit>().WithMany().HasForeignKey(a => a.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}
