using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Ghiseu.Data;
using Ghiseu.Features.Identity;
using Ghiseu.Features.Units;
using Ghiseu.Web;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Knowledge;

public static class KnowledgeEndpoints
{
    public sealed record ArticleRequest([Required, StringLength(200, MinimumLength = 3)] string Title, [Required, StringLength(100_000, MinimumLength = 1)] string Body,
        [Required, RegularExpression("^(ro|en)$", ErrorMessage = "Use ro or en.")] string Language, string? Unit = null, [StringLength(64)] string? Topic = null, bool Published = false);
    public sealed record ArticleDto(Guid Id, string Slug, string Title, string Body, string Html, string Language, Guid? UnitId, string? Topic,
        bool Published, DateTimeOffset UpdatedAt, int HelpfulYes, int HelpfulNo, int Deflections);
    public sealed record FeedbackRequest(bool Helpful);

    public static IEndpointRouteBuilder MapKnowledgeEndpoints(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/v1/knowledge/articles").WithTags("Knowledge").RequireAuthorization(Roles.KnowledgePolicy);
        staff.MapPost("", CreateAsync).WithSummary("Writes an article (Markdown); publishing needs a supervisor, administrator or knowledge editor.");
        staff.MapPut("/{id:guid}", UpdateAsync).WithSummary("Replaces an article's text, language, topic and published state; its unit only when unit is given.");
        staff.MapGet("", async (ClaimsPrincipal user, GhiseuDb db, CancellationToken ct) => (await KnowledgeAccess.ListAsync(db, user, 500, ct)).Select(ToDto))
            .WithSummary("The published articles and the drafts of the caller's units, newest first.");

        var pub = app.MapGroup("/api/v1/knowledge").WithTags("Knowledge").AllowAnonymous().RequireRateLimiting(RateLimits.Public);
        pub.MapGet("/search", async (string? q, string? lang, KnowledgeSearch search, CancellationToken ct) => await search.SearchAsync(q, lang, 10, ct))
            .WithSummary("Published articles matching the words of q (diacritics and case ignored), best first.");
        pub.MapGet("/public/{slug}", GetPublishedAsync).WithSummary("A published article, with its Markdown rendered to safe HTML.");
        pub.MapPost("/public/{id:guid}/feedback", (Guid id, FeedbackRequest r, GhiseuDb db, CancellationToken ct) =>
            CountAsync(db, id, r.Helpful ? KnowledgeCounter.Helpful : KnowledgeCounter.NotHelpful, ct)).WithSummary("\"Did this answer your question?\"");
        pub.MapPost("/public/{id:guid}/deflection", (Guid id, GhiseuDb db, CancellationToken ct) => CountAsync(db, id, KnowledgeCounter.Deflection, ct))
            .WithSummary("Counts a citizen who read this suggestion and did not file a request.");
        return app;
    }

    private static ArticleDto ToDto(Article a) => new(a.Id, a.Slug, a.Title, a.Body, Markdown.ToSafeHtml(a.Body), a.Language, a.UnitId, a.Topic,
        a.Published, a.UpdatedAt, a.HelpfulYes, a.HelpfulNo, a.Deflections);

    private static async Task<IResult> GetPublishedAsync(string slug, string? lang, GhiseuDb db, CancellationToken ct)
    {
        var a = await db.Set<Article>().AsNoTracking().Where(x => x.Slug == slug && x.Published && (lang == null || x.Language == lang)).FirstOrDefaultAsync(ct);
        return a is null ? Problems.NotFound() : TypedResults.Ok(ToDto(a));
    }

    private static async Task<IResult> CountAsync(GhiseuDb db, Guid id, KnowledgeCounter counter, CancellationToken ct) =>
        await KnowledgeCounters.CountAsync(db, id, counter, ct) ? TypedResults.NoContent() : Problems.NotFound();

    private static async Task<IResult> CreateAsync(ArticleRequest r, ClaimsPrincipal user, GhiseuDb db, UnitDirectory units, TimeProvider clock, CancellationToken ct)
    {
        var article = new Article { Slug = "", Title = "", Body = "", CreatedAt = clock.GetUtcNow(), AuthorId = user.StaffId() };
        var problem = await ApplyAsync(article, r, user, db, units, clock, ct);
        if (problem is not null) return problem;
        db.Add(article);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/knowledge/public/{article.Slug}", ToDto(article));
    }

    private static async Task<IResult> UpdateAsync(Guid id, ArticleRequest r, ClaimsPrincipal user, GhiseuDb db, UnitDirectory units, TimeProvider clock, CancellationToken ct)
    {
        var article = await KnowledgeAccess.FindAsync(db, user, id, ct);
        if (article is null) return Problems.NotFound();
        if (!KnowledgeAccess.MayEdit(article, user, db.Scope)) return Forbidden(KnowledgeText.ArticleForbidden, "article-forbidden");
        var problem = await ApplyAsync(article, r, user, db, units, clock, ct);
        if (problem is not null) return problem;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToDto(article));
    }

    private static async Task<IResult?> ApplyAsync(Article a, ArticleRequest r, ClaimsPrincipal user, GhiseuDb db, UnitDirectory units, TimeProvider clock, CancellationToken ct)
    {
        // Unpublishing takes a public answer away, so it needs the same people as publishing.
        if ((r.Published || a.Published) && !KnowledgeAccess.MayPublish(user))
            return Forbidden(KnowledgeText.PublishForbidden, "publish-forbidden");
        // An omitted unit keeps the article's unit: a PUT of the text alone never moves it. "" means every unit.
        var unitId = a.UnitId;
        if (r.Unit is { Length: 0 }) unitId = null;
        else if (r.Unit is not null)
        {
            var unit = await units.FindAsync(r.Unit, ct);
            if (unit is null || !(KnowledgeAccess.IsEditor(user) || db.Scope.Allows(unit.Id))) return Problems.Validation(("unit", KnowledgeText.NoSuchUnit));
            unitId = unit.Id;
        }
        // For every unit: editors only, but anyone may write (and keep writing) a draft of one as a proposal.
        var isNew = a.Slug.Length == 0;
        if (unitId is null && !KnowledgeAccess.IsEditor(user) && (r.Published || !(isNew || a.UnitId is null)))
            return Forbidden(KnowledgeText.GlobalForbidden, "global-article-forbidden");
        if (a.Slug.Length == 0 || a.Title != r.Title.Trim())
            a.Slug = await UniqueSlugAsync(db, Slugs.From(r.Title), r.Language, a.Id, ct);
        a.Title = r.Title.Trim();
        a.Body = r.Body;
        a.Language = r.Language;
        a.UnitId = unitId;
        a.Topic = r.Topic?.Trim().ToLowerInvariant();
        a.Published = r.Published;
        a.UpdatedAt = clock.GetUtcNow();
        a.SearchText = TextFolding.Fold($"{a.Title} {a.Topic} {Markdown.ToPlainText(a.Body)}");
        return null;
    }

    private static IResult Forbidden(string detail, string code) => Problems.Make(StatusCodes.Status403Forbidden, "Forbidden", detail, code);

    private static async Task<string> UniqueSlugAsync(GhiseuDb db, string slug, string language, Guid self, CancellationToken ct)
    {
        // Slugs are unique across every unit's drafts, seen or not.
        var taken = await db.Set<Article>().IgnoreQueryFilters().Where(a => a.Language == language && a.Id != self && a.Slug.StartsWith(slug)).Select(a => a.Slug).ToListAsync(ct);
        if (!taken.Contains(slug)) return slug;
        for (var i = 2; ; i++) if (!taken.Contains($"{slug}-{i}")) return $"{slug}-{i}";
    }
}
