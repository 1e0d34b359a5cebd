using Ghiseu.Data;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Cases;

/// <summary>
/// Full-text search on SQLite (decision 012). FTS5 answers "is this case a match" by a seek in the
/// word's list, but for a prefix (<c>"cerere"*</c>) it first merges the lists of every word with that
/// prefix, on every call. So prefixes are first turned into the exact words of the index that carry
/// them (<c>CaseSearchTerms</c>); then a page of a very common word walks the sort order and tests
/// each case by its key, and stops after a page, instead of reading every match.
/// </summary>
public static class SqliteSearch
{
    /// <summary>Beyond this many words for one prefix, the prefix stays a prefix.</summary>
    public const int MaxExpansions = 16;

    /// <summary>Newest matches probed to estimate how many of them the caller's filters keep.</summary>
    public const int SampleSize = 2000;

    /// <summary>Rows the sort-order walk may be expected to read for one page before reading the ids first is preferred.</summary>
    public const int MaxWalk = 20_000;

    private const int PageRows = 26;
    private const string Key = CaseSearch.KeyProperty;

    /// <summary>
    /// <paramref name="whole"/>: the caller reads every match (counts, export), not one page in sort
    /// order; per-case probes would then cost more than reading the match list once.
    /// </summary>
    public static async Task<IQueryable<Case>> ApplyAsync(GhiseuDb db, IQueryable<Case> q, IReadOnlyList<string> terms, int candidateLimit, bool whole, CancellationToken ct)
    {
        var (fts, exact) = await ExpandAsync(db, terms, ct);
        // Counting stops at a bound: past it, the estimate below needs no more precision.
        var cap = Math.Max(candidateLimit, 100 * SampleSize) + 1;
        var total = await db.Database.SqlQuery<long>(
            $"""SELECT count(*) AS "Value" FROM (SELECT 1 FROM "CaseSearch" WHERE "CaseSearch" MATCH {fts} LIMIT {cap})""").SingleAsync(ct);
        // Few matches, or few of them kept by the scope and filters: their ids, sorted, beat a long walk.
        if ((total <= candidateLimit || (!whole && !await WalkIsShortAsync(db, q, fts, total, ct)))
            && await ByIdsAsync(q, Keys(db, fts), candidateLimit, ct) is { } ids)
            return ids;
        return exact && !whole ? Probed(q, Keys(db, fts)) : Listed(q, Keys(db, fts));
    }

    /// <summary>The FTS5 query; exact when every prefix became a short list of whole words.</summary>
    public static async Task<(string Fts, bool Exact)> ExpandAsync(GhiseuDb db, IReadOnlyList<string> terms, CancellationToken ct)
    {
        var parts = new List<string>(terms.Count);
        var exact = true;
        foreach (var t in terms)
        {
            // The terms are folded already, as the tokenizer would; the range is every word starting with t.
            var upper = t + char.ConvertFromUtf32(0x10FFFF);
            var words = await db.Database.SqlQuery<string>(
                $"""SELECT "term" AS "Value" FROM "CaseSearchTerms" WHERE "term" >= {t} AND "term" < {upper} LIMIT {MaxExpansions + 1}""").ToListAsync(ct);
            if (words.Count is > 0 and <= MaxExpansions)
                parts.Add($"({string.Join(" OR ", words.Select(w => $"\"{w}\""))})");
            else
            {
                // None: the tokenizer may read the word differently; the prefix query then decides.
                parts.Add($"\"{t}\"*");
                exact = false;
            }
        }
        return (string.Join(" AND ", parts), exact);
    }

    private static IQueryable<long> Keys(GhiseuDb db, string fts) =>
        db.Database.SqlQuery<long>($"""SELECT rowid AS "Value" FROM "CaseSearch" WHERE "CaseSearch" MATCH {fts}""");

    private static async Task<IQueryable<Case>?> ByIdsAsync(IQueryable<Case> q, IQueryable<long> keys, int limit, CancellationToken ct)
    {
        var ids = await q.Where(c => keys.Contains(EF.Property<long>(c, Key))).Select(c => c.Id).Take(limit + 1).ToListAsync(ct);
        return ids.Count <= limit ? q.Where(c => ids.Contains(c.Id)) : null;
    }

    /// <summary>
    /// Each case tested by its key: FTS5 seeks it in the words' lists (a correlated EXISTS). The second
    /// condition, always true (keys start at 1), keeps EF Core from rewriting the EXISTS as an IN list.
    /// </summary>
    private static IQueryable<Case> Probed(IQueryable<Case> q, IQueryable<long> keys) =>
        q.Where(c => keys.Any(k => k == EF.Property<long>(c, Key) && k > 0));

    /// <summary>The match list read once; <c>+ 0</c> hides the key from the planner so it walks the sort order.</summary>
    private static IQueryable<Case> Listed(IQueryable<Case> q, IQueryable<long> keys) =>
        q.Where(c => keys.Contains(EF.Property<long>(c, Key) + 0));

    /// <summary>
    /// Estimates, from the newest matches, how many cases the walk down the sort order reads before
    /// it has a page; keys are handed out in creation order, so the newest keys are the recent cases.
    /// </summary>
    private static async Task<bool> WalkIsShortAsync(GhiseuDb db, IQueryable<Case> q, string fts, long matches, CancellationToken ct)
    {
        var newest = db.Database.SqlQuery<long>(
            $"""SELECT rowid AS "Value" FROM "CaseSearch" WHERE "CaseSearch" MATCH {fts} ORDER BY rowid DESC LIMIT {SampleSize}""");
        var kept = await q.CountAsync(c => newest.Contains(EF.Property<long>(c, Key)), ct);
        if (kept == 0) return false;
        var cases = await db.Database.SqlQuery<long>($"""SELECT coalesce(max("SearchKey"), 0) AS "Value" FROM "Cases" """).SingleAsync(ct);
        // Matches the filters keep in the whole table, and the rows read per page at that density.
        var keptInAll = (double)kept * matches / Math.Min(SampleSize, matches);
        return PageRows * cases / keptInAll <= MaxWalk;
    }
}
