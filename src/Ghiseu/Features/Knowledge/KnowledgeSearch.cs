using Ghiseu.Data;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Knowledge;

/// <summary>Finds published articles by words, ignoring case and diacritics (ș/ş and ț/ţ alike).</summary>
public sealed class KnowledgeSearch(GhiseuDb db)
{
    public sealed record Hit(Guid Id, string Slug, string Title, string Snippet, string Language);

    public async Task<List<Hit>> SearchAsync(string? q, string? language, int limit, CancellationToken ct)
    {
        var terms = TextFolding.Fold(q).Split([' ', ',', '.', ';', '?', '!'], StringSplitOptions.RemoveEmptyEntries)
            .Where(t => t.Length >= 3).Distinct().Take(8).ToList();
        if (terms.Count == 0) return [];
        var query = db.Set<Article>().AsNoTracking().Where(a => a.Published);
        if (language is "ro" or "en") query = query.Where(a => a.Language == language);
        // Any term may match; articles matching more terms, and in the title, rank first.
        var candidates = await query.Where(a => terms.Any(t => a.SearchText.Contains(t))).Take(200).ToListAsync(ct);
        return [.. candidates
            .Select(a => (a, score: terms.Sum(t => (TextFolding.Fold(a.Title).Contains(t, StringComparison.Ordinal) ? 3 : 0) + (a.SearchText.Contains(t, StringComparison.Ordinal) ? 1 : 0))))
            .OrderByDescending(x => x.score).ThenByDescending(x => x.a.HelpfulYes - x.a.HelpfulNo).Take(limit)
            .Select(x => new Hit(x.a.Id, x.a.Slug, x.a.Title, Snippet(x.a.Body), x.a.Language))];
    }

    /// <summary>
    /// The most helpful published articles in a language, optionally on one topic and for one unit
    /// (articles of the unit, of the units above it, and those for every unit).
    /// </summary>
    public async Task<List<Hit>> PopularAsync(string language, int limit, CancellationToken ct, string? topic = null, IReadOnlyList<Guid>? unitAndAbove = null)
    {
        var q = db.Articles.AsNoTracking().Where(a => a.Published && a.Language == language);
        if (topic is not null) q = q.Where(a => a.Topic == topic);
        if (unitAndAbove is not null) q = q.Where(a => a.UnitId == null || unitAndAbove.Contains(a.UnitId.Value));
        return [.. (await q.OrderByDescending(a => a.HelpfulYes - a.HelpfulNo + a.Deflections).ThenByDescending(a => a.UpdatedAt).Take(limit).ToListAsync(ct))
            .Select(a => new Hit(a.Id, a.Slug, a.Title, Snippet(a.Body), a.Language))];
    }

    /// <summary>Topics of the published articles in a language, for browsing.</summary>
    public async Task<List<string>> TopicsAsync(string language, CancellationToken ct) =>
        await db.Articles.AsNoTracking().Where(a => a.Published && a.Language == language && a.Topic != null)
            .Select(a => a.Topic!).Distinct().OrderBy(t => t).ToListAsync(ct);

    private static string Snippet(string markdown)
    {
        var text = Markdown.ToPlainText(markdown).ReplaceLineEndings(" ").Trim();
        return text.Length <= 200 ? text : string.Concat(text.AsSpan(0, 197), "…");
    }
}
