using System.Text.RegularExpressions;
using Ghiseu.Data;
using Ghiseu.Features.Citizens;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace Ghiseu.Features.Cases;

/// <summary>
/// The <c>q=</c> of the case list. A registration number, tracking code, e-mail address or phone
/// number is looked up exactly through its unique index; anything else is a full-text search of the
/// case's subject, description, tags and message bodies (SQLite FTS5, PostgreSQL tsvector + GIN),
/// every word matching as a prefix, diacritics ignored. See decision 012.
/// </summary>
public static partial class CaseSearch
{
    /// <summary>Name of the PostgreSQL-only shadow property holding the case's search vector.</summary>
    public const string VectorProperty = "SearchVector";

    /// <summary>Name of the SQLite-only shadow property: the case's rowid in the CaseSearch FTS5 table.</summary>
    public const string KeyProperty = "SearchKey";

    /// <summary>
    /// Up to this many matches, the matching ids are read first and the page is sorted from them:
    /// a rare word then costs a few index probes, not a walk down the date index looking for it.
    /// Beyond it, matches are dense and walking the sort order finds a page at once.
    /// </summary>
    public const int CandidateLimit = 5000;

    private const int MaxTerms = 8;

    /// <summary>
    /// Narrows <paramref name="q"/>, which already carries the caller's scope and every other filter,
    /// so the candidate count below measures how selective the search is where it will run.
    /// <paramref name="whole"/>: the caller reads every match (a count, an export), not one page.
    /// </summary>
    public static async Task<IQueryable<Case>> ApplyAsync(GhiseuDb db, IQueryable<Case> q, string text, int candidateLimit, CancellationToken ct, bool whole = false)
    {
        var trimmed = text.Trim();
        if (await ExactAsync(db, q, trimmed, ct) is { } exact) return exact;
        var terms = Terms(trimmed);
        if (terms.Count == 0) return q.Where(c => false);
        if (!db.IsPostgres) return await SqliteSearch.ApplyAsync(db, q, terms, candidateLimit, whole, ct);
        // PostgreSQL counts candidates in the whole table: a word prefix's selectivity is estimated poorly, and
        // combined with the scope it ANDs the GIN bitmap with a unit index of the whole scope. The ids
        // never leave the server: the page below is read through q, with its scope and filters.
        var candidates = db.Cases.IgnoreQueryFilters().AsNoTracking();
        var ids = await Matching(db, candidates, terms, dense: false).Select(c => c.Id).Take(candidateLimit + 1).ToListAsync(ct);
        return ids.Count <= candidateLimit ? q.Where(c => ids.Contains(c.Id)) : Matching(db, q, terms, dense: true);
    }

    /// <summary>
    /// The cases of <paramref name="q"/> whose text holds every term (as a word prefix). On SQLite
    /// (which searches through <see cref="SqliteSearch"/>), <paramref name="dense"/> hides the search
    /// key from the planner (<c>+ 0</c>) so it walks the sort order instead of sorting every match.
    /// </summary>
    public static IQueryable<Case> Matching(GhiseuDb db, IQueryable<Case> q, IReadOnlyList<string> terms, bool dense)
    {
        if (db.IsPostgres)
        {
            var pg = PgQuery(terms);
            return q.Where(c => EF.Property<NpgsqlTsVector>(c, VectorProperty).Matches(EF.Functions.ToTsQuery("simple", pg)));
        }
        var fts = FtsQuery(terms);
        var keys = db.Database.SqlQuery<long>($"""SELECT rowid AS "Value" FROM "CaseSearch" WHERE "CaseSearch" MATCH {fts}""");
        return dense
            ? q.Where(c => keys.Contains(EF.Property<long>(c, KeyProperty) + 0))
            : q.Where(c => keys.Contains(EF.Property<long>(c, KeyProperty)));
    }

    /// <summary>Exact look-ups that must not be diluted by full text; null when the text is none of them.</summary>
    private static async Task<IQueryable<Case>?> ExactAsync(GhiseuDb db, IQueryable<Case> q, string text, CancellationToken ct)
    {
        if (RegistrationNumberPattern().IsMatch(text))
        {
            var number = text.ToUpperInvariant();
            return q.Where(c => c.RegistrationNumber == number);
        }
        var code = TrackingCodes.Normalize(text);
        if (code.Length == 12 && TrackingCodePattern().IsMatch(code) && await q.AnyAsync(c => c.TrackingCode == code, ct))
            return q.Where(c => c.TrackingCode == code);
        if (text.Contains('@', StringComparison.Ordinal) && ContactNormalizer.Email(text) is { } email)
            return q.Where(c => ContactPoint.Holders(db, ContactKind.Email, email).Contains(c.CitizenId));
        if (PhonePattern().IsMatch(text) && ContactNormalizer.Phone(text) is { } phone)
            return q.Where(c => ContactPoint.Holders(db, ContactKind.Phone, phone).Contains(c.CitizenId));
        return null;
    }

    /// <summary>Folded words of the text, letters and digits only, so nothing in them is query syntax.</summary>
    public static List<string> Terms(string text) =>
        [.. TextFolding.WordsOf(text).Distinct().Take(MaxTerms)];

    public static string FtsQuery(IEnumerable<string> terms) => string.Join(' ', terms.Select(t => $"\"{t}\"*"));

    public static string PgQuery(IEnumerable<string> terms) => string.Join(" & ", terms.Select(t => $"{t}:*"));

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]{1,15}-\d{4}-\d{1,10}$")]
    private static partial Regex RegistrationNumberPattern();

    [GeneratedRegex("^[A-Z2-9]{12}$")]
    private static partial Regex TrackingCodePattern();

    [GeneratedRegex(@"^\+?[\d ().-]{6,20}$")]
    private static partial Regex PhonePattern();
}
