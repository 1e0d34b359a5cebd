using Ghiseu.Data;
using Ghiseu.Features.Knowledge;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Ghiseu.Tests.Knowledge;

/// <summary>On a database of its own: the migration is taken back and applied again over articles that have no versions.</summary>
public class ArticleVersionsMigrationTests(GhiseuFactory app) : IClassFixture<GhiseuFactory>
{
    [Fact]
    public async Task Migration_GivesEveryExistingArticleItsVersion1()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GhiseuDb>();
        var migrations = db.Database.GetMigrations().ToList();
        var own = migrations.FindIndex(m => m.EndsWith("_ArticleVersions", StringComparison.Ordinal));
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(migrations[own - 1]);
        await migrator.MigrateAsync(migrations[^1]);

        var articles = await app.Db(d => d.Articles.IgnoreQueryFilters().AsNoTracking().ToListAsync());
        var versions = await app.Db(d => d.Set<ArticleVersion>().AsNoTracking().ToListAsync());
        Assert.NotEmpty(articles);
        Assert.Equal(articles.Count, versions.Count);
        foreach (var a in articles)
        {
            var v = Assert.Single(versions, v => v.ArticleId == a.Id);
            Assert.Equal((1, 1), (a.Version, v.Number));
            Assert.Equal((a.Title, a.Slug, a.Body, a.Language, a.UnitId, a.Topic, a.Published, a.AuthorId, a.UpdatedAt),
                (v.Title, v.Slug, v.Body, v.Language, v.UnitId, v.Topic, v.Published, v.StaffId, v.At));
        }
    }
}
