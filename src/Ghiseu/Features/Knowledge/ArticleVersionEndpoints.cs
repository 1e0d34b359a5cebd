using System.Security.Claims;
using Ghiseu.Data;
using Ghiseu.Web;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Knowledge;

/// <summary>
/// The history of an article. It may hold drafts that were never public, so it is read under the
/// rules of editing it: a draft the caller does not see is 404, an article they see but may not change 403.
/// </summary>
public static class ArticleVersionEndpoints
{
    public sealed record VersionSummary(int Number, string Title, string Slug, string Language, Guid? UnitId, string? Topic, bool Published,
        Guid? StaffId, DateTimeOffset At, int? RestoredFrom);
    public sealed record VersionDto(int Number, string Title, string Slug, string Body, string Html, string Language, Guid? UnitId, string? Topic,
        bool Published, Guid? StaffId, DateTimeOffset At, int? RestoredFrom);

    public static RouteGroupBuilder MapArticleVersions(this RouteGroupBuilder articles)
    {
        articles.MapGet("/{id:guid}/versions", ListAsync).WithSummary("The article's versions, newest first, without their text.");
        articles.MapGet("/{id:guid}/versions/{number:int}", GetAsync).WithSummary("One version of the article, with its Markdown and rendered HTML.");
        articles.MapPost("/{id:guid}/versions/{number:int}/restore", RestoreAsync)
            .WithSummary("Writes a new version equal to this one, under the rules of an edit. Send If-Match with the article's ETag.");
        return articles;
    }

    private static async Task<IResult> ListAsync(Guid id, ClaimsPrincipal user, GhiseuDb db, CancellationToken ct)
    {
        var problem = await ReadableAsync(db, user, id, ct);
        if (problem is not null) return problem;
        var versions = await Versions(db, id).OrderByDescending(v => v.Number)
            .Select(v => new VersionSummary(v.Number, v.Title, v.Slug, v.Language, v.UnitId, v.Topic, v.Published, v.StaffId, v.At, v.RestoredFrom))
            .ToListAsync(ct);
        return TypedResults.Ok(versions);
    }

    private static async Task<IResult> GetAsync(Guid id, int number, ClaimsPrincipal user, GhiseuDb db, CancellationToken ct)
    {
        var problem = await ReadableAsync(db, user, id, ct);
        if (problem is not null) return problem;
        var v = await Versions(db, id).FirstOrDefaultAsync(v => v.Number == number, ct);
        return v is null ? Problems.NotFound(KnowledgeText.NoSuchVersion) : TypedResults.Ok(new VersionDto(v.Number, v.Title, v.Slug, v.Body,
            Markdown.ToSafeHtml(v.Body), v.Language, v.UnitId, v.Topic, v.Published, v.StaffId, v.At, v.RestoredFrom));
    }

    private static async Task<IResult> RestoreAsync(Guid id, int number, ClaimsPrincipal user, ArticleEditor editor, HttpContext http, CancellationToken ct) =>
        KnowledgeEndpoints.Written(await editor.RestoreAsync(id, number, user, http.Request, ct), http);

    private static async Task<IResult?> ReadableAsync(GhiseuDb db, ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var article = await KnowledgeAccess.FindAsync(db, user, id, ct);
        if (article is null) return Problems.NotFound();
        return KnowledgeAccess.MayEdit(article, user, db.Scope) ? null : KnowledgeAccess.Forbidden(KnowledgeText.ArticleForbidden, "article-forbidden");
    }

    private static IQueryable<ArticleVersion> Versions(GhiseuDb db, Guid id) => db.Set<ArticleVersion>().AsNoTracking().Where(v => v.ArticleId == id);
}
