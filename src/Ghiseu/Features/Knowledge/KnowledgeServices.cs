using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ghiseu.Features.Knowledge;

public static class KnowledgeServices
{
    public static IServiceCollection AddKnowledge(this IServiceCollection s) => s.AddScoped<KnowledgeSearch>().AddScoped<ArticleEditor>();
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
        b.Property(a => a.Version).IsConcurrencyToken();
        b.HasOne<Features.Units.Unit>().WithMany().HasForeignKey(a => a.UnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ArticleVersionConfiguration : IEntityTypeConfiguration<ArticleVersion>
{
    public void Configure(EntityTypeBuilder<ArticleVersion> b)
    {
        b.ToTable("ArticleVersions");
        b.HasKey(v => new { v.ArticleId, v.Number });
        b.Property(v => v.Slug).HasMaxLength(100);
        b.Property(v => v.Title).HasMaxLength(200);
        b.Property(v => v.Language).HasMaxLength(5);
        b.Property(v => v.Topic).HasMaxLength(64);
        // History outlives nothing it describes: an article cannot be deleted from under its versions.
        b.HasOne<Article>().WithMany().HasForeignKey(v => v.ArticleId).OnDelete(DeleteBehavior.Restrict);
    }
}
