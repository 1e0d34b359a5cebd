using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Ghiseu.Data;
using Ghiseu.Features.Identity;
using Ghiseu.Web;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Knowledge;

public static class KnowledgeEndpoints
{
    public sealed record ArticleRequest([Required, StringLength(200, MinimumLength = 3)] string Title, [Required, StringLength(100_000, MinimumLength = 1)] string Body,
        [Required, RegularExpression("^(ro|en)$", ErrorMessage = "Use ro or en.")] string Language, string? Unit = null, [StringLength(64)] string? Topic = null, bool Published = false);
    public sealed record ArticleDto(Guid Id, string Slug, string Title, string Body, string Html, string Language, Guid? UnitId, string? Topic,
        bool Published, DateTimeOffset UpdatedAt, int HelpfulYes, int HelpfulNo, int Deflections, int Version);
    public sealed record FeedbackRequest(bool Helpful);

    public static IEndpointRouteBuilder MapKnowledgeEndpoints(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/v1/knowledge/articles").WithTags("Knowledge").RequireAuthorization(Roles.KnowledgePolicy);
        staff.MapPost("", CreateAsync).WithSummary("Writes an article (Markdown); publishing needs a supervisor, administrator or knowledge editor.");
        staff.MapGet("/{id:guid}", GetAsync).WithSummary("One article the caller sees, drafts included; the ETag header carries its version.");
        staff.MapPut("/{id:guid}", UpdateAsync)
            .WithSummary("Replaces an article's text, language, topic and published state; its unit only when unit is given. Send If-Match with the ETag to avoid overwriting a colleague's change.");
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
        staff.MapArticleVersions();
        return app;
    }

    internal static ArticleDto ToDto(Article a) => new(a.Id, a.Slug, a.Title, a.Body, Markdown.ToSafeHtml(a.Body), a.Language, a.UnitId, a.Topic,
        a.Published, a.UpdatedAt, a.HelpfulYes, a.HelpfulNo, a.Deflections, a.Version);

    private static async Task<IResult> GetPublishedAsync(string slug, string? lang, GhiseuDb db, CancellationToken ct)
    {
        var a = await db.Set<Article>().AsNoTracking().Where(x => x.Slug == slug && x.Published && (lang == null || x.Language == lang)).FirstOrDefaultAsync(ct);
        return a is null ? Problems.NotFound() : TypedResults.Ok(ToDto(a));
    }

    private static async Task<IResult> CountAsync(GhiseuDb db, Guid id, KnowledgeCounter counter, CancellationToken ct) =>
        await KnowledgeCounters.CountAsync(db, id, counter, ct) ? TypedResults.NoContent() : Problems.NotFound();

    private static async Task<IResult> GetAsync(Guid id, ClaimsPrincipal user, GhiseuDb db, HttpContext http, CancellationToken ct)
    {
        var a = await KnowledgeAccess.FindAsync(db, user, id, ct);
        if (a is null) return Problems.NotFound();
        http.Response.Headers.ETag = ETags.Of(a.Version);
        return TypedResults.Ok(ToDto(a));
    }

    private static async Task<IResult> CreateAsync(ArticleRequest r, ClaimsPrincipal user, ArticleEditor editor, HttpContext http, CancellationToken ct)
    {
        var (content, problem) = await ContentAsync(r, user, editor, ct);
        if (problem is not null) return problem;
        var (article, refused) = await editor.CreateAsync(content!, user, ct);
        if (article is null) return refused!;
        http.Response.Headers.ETag = ETags.Of(article.Version);
        return TypedResults.Created($"/api/v1/knowledge/public/{article.Slug}", ToDto(article));
    }

    private static async Task<IResult> UpdateAsync(Guid id, ArticleRequest r, ClaimsPrincipal user, ArticleEditor editor, HttpContext http, CancellationToken ct)
    {
        var (content, problem) = await ContentAsync(r, user, editor, ct);
        if (problem is not null) return problem;
        return Written(await editor.UpdateAsync(id, content!, user, http.Request, ct), http);
    }

    /// <summary>The article with its ETag, or the problem that refused the write.</summary>
    internal static IResult Written(ArticleEditor.Outcome outcome, HttpContext http)
    {
        if (outcome.Article is not { } a) return outcome.Problem!;
        http.Response.Headers.ETag = ETags.Of(a.Version);
        return TypedResults.Ok(ToDto(a));
    }

    // An omitted unit keeps the article's unit: a PUT of the text alone never moves it. "" means every unit.
    private static async Task<(ArticleEditor.Content?, IResult?)> ContentAsync(ArticleRequest r, ClaimsPrincipal user, ArticleEditor editor, CancellationToken ct)
    {
        Guid? unitId = null;
        if (r.Unit is { Length: > 0 })
        {
            (unitId, var problem) = await editor.UnitAsync(r.Unit, user, ct);
            if (problem is not null) return (null, problem);
        }
        return (new ArticleEditor.Content(r.Title, r.Body, r.Language, r.Unit is not null, unitId, r.Topic, r.Published), null);
    }
}
