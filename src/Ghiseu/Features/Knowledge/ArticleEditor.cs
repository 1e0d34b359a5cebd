using System.Security.Claims;
using Ghiseu.Data;
using Ghiseu.Features.Audit;
using Ghiseu.Features.Identity;
using Ghiseu.Features.Units;
using Ghiseu.Web;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Knowledge;

/// <summary>
/// Every write of an article goes through here: the rules of <see cref="KnowledgeAccess"/>, then the
/// change and its new <see cref="ArticleVersion"/> in one SaveChanges.
/// </summary>
public sealed class ArticleEditor(GhiseuDb db, UnitDirectory units, AuditLog audit, TimeProvider clock)
{
    /// <summary>What a write asks an article to say. UnitGiven false keeps the article's unit; a given null is every unit.</summary>
    public sealed record Content(string Title, string Body, string Language, bool UnitGiven, Guid? UnitId, string? Topic, bool Published, string? Slug = null);

    /// <summary>The article, or the problem that refused the write.</summary>
    public sealed record Outcome(Article? Article, IResult? Problem);

    public async Task<Outcome> CreateAsync(Content c, ClaimsPrincipal user, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var article = new Article { Slug = "", Title = "", Body = "", CreatedAt = now, AuthorId = user.StaffId() };
        var problem = await ApplyAsync(article, c, user, ct);
        if (problem is not null) return new(null, problem);
        db.Add(article);
        ArticleHistory.Record(db, article, user.StaffId(), now);
        await db.SaveChangesAsync(ct);
        return new(article, null);
    }

    /// <summary>Replaces what the article says; 404 when the caller does not see it, 412 when If-Match names another version.</summary>
    public async Task<Outcome> UpdateAsync(Guid id, Content c, ClaimsPrincipal user, HttpRequest http, CancellationToken ct)
    {
        var (article, problem) = await EditableAsync(id, user, http, ct);
        if (article is null) return new(null, problem);
        problem = await ApplyAsync(article, c, user, ct);
        if (problem is not null) return new(null, problem);
        var version = ArticleHistory.Record(db, article, user.StaffId(), article.UpdatedAt);
        return await SaveAsync(article, version, () => db.SaveChangesAsync(ct), ct);
    }

    /// <summary>
    /// Writes a new version equal to version <paramref name="number"/>, under the same rules as an edit
    /// that asked for that text, unit and published state. Earlier versions stay as they are.
    /// </summary>
    public async Task<Outcome> RestoreAsync(Guid id, int number, ClaimsPrincipal user, HttpRequest http, CancellationToken ct)
    {
        var (article, problem) = await EditableAsync(id, user, http, ct);
        if (article is null) return new(null, problem);
        var old = await db.Set<ArticleVersion>().AsNoTracking().FirstOrDefaultAsync(v => v.ArticleId == id && v.Number == number, ct);
        if (old is null) return new(null, Problems.NotFound(KnowledgeText.NoSuchVersion));
        problem = await ApplyAsync(article, new(old.Title, old.Body, old.Language, true, old.UnitId, old.Topic, old.Published, old.Slug), user, ct);
        if (problem is not null) return new(null, problem);
        var version = ArticleHistory.Record(db, article, user.StaffId(), article.UpdatedAt, restoredFrom: number);
        // The article's update and its new version are audited as changes; this entry says why they happened.
        // RecordAsync saves, so the entry, the article and the version commit together.
        return await SaveAsync(article, version, () => audit.RecordAsync("restore", nameof(Article), id.ToString(), article.UnitId,
            System.Text.Json.JsonSerializer.Serialize(new { from = number, version = version.Number }, Json.Options), ct), ct);
    }

    /// <summary>
    /// Two writes from the same version race for the same version number. The loser is stale (412)
    /// whichever of its statements the database refused first: the article's update (its token no longer
    /// matches) or the version's insert (the number is taken).
    /// </summary>
    private async Task<Outcome> SaveAsync(Article article, ArticleVersion version, Func<Task> save, CancellationToken ct)
    {
        try
        {
            await save();
            return new(article, null);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new(null, Problems.PreconditionFailed(KnowledgeText.StaleArticle));
        }
        catch (DbUpdateException)
        {
            if (!await db.Set<ArticleVersion>().AsNoTracking().AnyAsync(v => v.ArticleId == article.Id && v.Number == version.Number, ct)) throw;
            return new(null, Problems.PreconditionFailed(KnowledgeText.StaleArticle));
        }
    }

    /// <summary>The article, tracked, when the caller sees it, may change it and sent no stale If-Match.</summary>
    private async Task<Outcome> EditableAsync(Guid id, ClaimsPrincipal user, HttpRequest http, CancellationToken ct)
    {
        var article = await KnowledgeAccess.FindAsync(db, user, id, ct);
        if (article is null) return new(null, Problems.NotFound());
        if (!KnowledgeAccess.MayEdit(article, user, db.Scope)) return new(null, KnowledgeAccess.Forbidden(KnowledgeText.ArticleForbidden, "article-forbidden"));
        if (ETags.Stale(http, article.Version)) return new(null, Problems.PreconditionFailed(KnowledgeText.StaleArticle));
        return new(article, null);
    }

    private async Task<IResult?> ApplyAsync(Article a, Content c, ClaimsPrincipal user, CancellationToken ct)
    {
        // Unpublishing takes a public answer away, so it needs the same people as publishing.
        if ((c.Published || a.Published) && !KnowledgeAccess.MayPublish(user))
            return KnowledgeAccess.Forbidden(KnowledgeText.PublishForbidden, "publish-forbidden");
        var unitId = c.UnitGiven ? c.UnitId : a.UnitId;
        // A move needs the target unit in scope too.
        if (c.UnitGiven && unitId is { } target && target != a.UnitId && !(KnowledgeAccess.IsEditor(user) || db.Scope.Allows(target)))
            return Problems.Validation(("unit", KnowledgeText.NoSuchUnit));
        // For every unit: editors only, but anyone may write (and keep writing) a draft of one as a proposal.
        var isNew = a.Slug.Length == 0;
        if (unitId is null && !KnowledgeAccess.IsEditor(user) && (c.Published || !(isNew || a.UnitId is null)))
            return KnowledgeAccess.Forbidden(KnowledgeText.GlobalForbidden, "global-article-forbidden");
        var title = c.Title.Trim();
        if (isNew || a.Title != title || a.Language != c.Language || (c.Slug is not null && c.Slug != a.Slug))
            a.Slug = await UniqueSlugAsync(c.Slug ?? Slugs.From(title), c.Language, a.Id, ct);
        a.Title = title;
        a.Body = c.Body;
        a.Language = c.Language;
        a.UnitId = unitId;
        a.Topic = c.Topic?.Trim().ToLowerInvariant();
        a.Published = c.Published;
        a.UpdatedAt = clock.GetUtcNow();
        a.SearchText = TextFolding.Fold($"{a.Title} {a.Topic} {Markdown.ToPlainText(a.Body)}");
        return null;
    }

    /// <summary>The unit a request names by code or id: its id, or null with a problem when the caller may not use it.</summary>
    public async Task<(Guid? Id, IResult? Problem)> UnitAsync(string code, ClaimsPrincipal user, CancellationToken ct)
    {
        var unit = await units.FindAsync(code, ct);
        return unit is null || !(KnowledgeAccess.IsEditor(user) || db.Scope.Allows(unit.Id))
            ? (null, Problems.Validation(("unit", KnowledgeText.NoSuchUnit)))
            : (unit.Id, null);
    }

    private async Task<string> UniqueSlugAsync(string slug, string language, Guid self, CancellationToken ct)
    {
        // Slugs are unique across every unit's drafts, seen or not.
        var taken = await db.Set<Article>().IgnoreQueryFilters().Where(a => a.Language == language && a.Id != self && a.Slug.StartsWith(slug)).Select(a => a.Slug).ToListAsync(ct);
        if (!taken.Contains(slug)) return slug;
        for (var i = 2; ; i++) if (!taken.Contains($"{slug}-{i}")) return $"{slug}-{i}";
    }
}
