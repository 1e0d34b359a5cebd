using Ghiseu.Data;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Citizens;

/// <summary>"Possible same person" suggestions as staff see and decide them: only those whose two records they can both see.</summary>
public sealed class MatchSuggestions(GhiseuDb db, CitizenMerge merge, TimeProvider clock)
{
    public sealed record Party(Guid Id, string Name, int Cases);
    public sealed record EvidenceDto(string Key, string Value);
    public sealed record SuggestionDto(Guid Id, SuggestionState State, Party NewCitizen, Party ExistingCitizen, IEnumerable<EvidenceDto> Evidence,
        DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt, string? DecidedBy);

    public enum Outcome { Done, NotFound, Decided }

    /// <summary>
    /// Suggestions whose two records the caller can both see. A record is visible through the unit-scope
    /// filter on citizens (made in one of the caller's units, or with a case in one), applied here to each side.
    /// </summary>
    private IQueryable<CitizenMatchSuggestion> Visible() => db.CitizenMatchSuggestions.AsNoTracking()
        .Where(s => db.Citizens.Any(c => c.Id == s.NewCitizenId) && db.Citizens.Any(c => c.Id == s.ExistingCitizenId));

    /// <summary>Open suggestions, newest first; of one citizen (on either side) when given.</summary>
    public async Task<List<SuggestionDto>> OpenAsync(Guid? citizenId, int limit, CancellationToken ct)
    {
        var q = Visible().Where(s => s.State == SuggestionState.Open);
        if (citizenId is { } id) q = q.Where(s => s.NewCitizenId == id || s.ExistingCitizenId == id);
        return await DescribeAsync(await q.OrderByDescending(s => s.CreatedAt).Take(limit).ToListAsync(ct), ct);
    }

    /// <summary>One suggestion in any state, or null when the caller cannot see both of its records.</summary>
    public async Task<SuggestionDto?> FindAsync(Guid id, CancellationToken ct) =>
        await db.CitizenMatchSuggestions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) is { } s && await SeesBothAsync(s, ct)
            ? (await DescribeAsync([s], ct))[0] : null;

    /// <summary>
    /// Whether the caller sees both records of one suggestion. A record merged away counts as the record
    /// it went into: a confirmed suggestion's new record has no cases of its own left. The merges are
    /// followed in a read of their own, since IgnoreQueryFilters lifts the scope filter of a whole query.
    /// </summary>
    private async Task<bool> SeesBothAsync(CitizenMatchSuggestion s, CancellationToken ct)
    {
        var sides = new List<Guid> { s.NewCitizenId, s.ExistingCitizenId };
        for (var depth = 0; depth < 5; depth++)
        {
            var ids = sides;
            var merged = await db.Citizens.IgnoreQueryFilters().Where(c => ids.Contains(c.Id) && c.MergedIntoId != null)
                .ToDictionaryAsync(c => c.Id, c => c.MergedIntoId!.Value, ct);
            if (merged.Count == 0) break;
            sides = [.. sides.Select(id => merged.GetValueOrDefault(id, id))];
        }
        var distinct = sides.Distinct().ToList();
        return await db.Citizens.CountAsync(c => distinct.Contains(c.Id), ct) == distinct.Count;
    }

    /// <summary>
    /// Confirms (the new record is merged into the existing one, its cases move) or rejects (the pair is
    /// kept apart and not suggested again) an open suggestion. The caller checks the role.
    /// </summary>
    public async Task<(Outcome Outcome, SuggestionDto? Suggestion)> DecideAsync(Guid id, bool samePerson, CancellationToken ct)
    {
        var s = await db.CitizenMatchSuggestions.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (s is null || !await SeesBothAsync(s, ct)) return (Outcome.NotFound, null);
        if (s.State != SuggestionState.Open) return (Outcome.Decided, null);
        if (samePerson)
        {
            var source = await db.Citizens.Include(x => x.ContactPoints).FirstOrDefaultAsync(x => x.Id == s.NewCitizenId, ct);
            var target = await db.Citizens.Include(x => x.ContactPoints).FirstOrDefaultAsync(x => x.Id == s.ExistingCitizenId, ct);
            if (source is null || target is null) return (Outcome.NotFound, null);
            if (source.MergedIntoId is not null || target.MergedIntoId is not null) return (Outcome.Decided, null);
            await merge.MergeAsync(source, target, ct); // settles this suggestion too
        }
        else
        {
            var who = db.Actor;
            s.Decide(samePerson: false, who.UserId, who.Name, clock.GetUtcNow());
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (Outcome.Decided, null); // decided, or moved by a merge, since it was read
        }
        return (Outcome.Done, (await DescribeAsync([s], ct))[0]);
    }

    /// <summary>Names and case counts of both records; the counts are of the cases the caller can see.</summary>
    private async Task<List<SuggestionDto>> DescribeAsync(List<CitizenMatchSuggestion> list, CancellationToken ct)
    {
        if (list.Count == 0) return [];
        var ids = list.SelectMany(s => new[] { s.NewCitizenId, s.ExistingCitizenId }).Distinct().ToList();
        // The callers checked that both sides are visible; the names are read by id.
        var names = await db.Citizens.IgnoreQueryFilters().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var counts = await db.Cases.Where(c => ids.Contains(c.CitizenId)).GroupBy(c => c.CitizenId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        Party Of(Guid id) => new(id, names.GetValueOrDefault(id, ""), counts.GetValueOrDefault(id));
        return [.. list.Select(s => new SuggestionDto(s.Id, s.State, Of(s.NewCitizenId), Of(s.ExistingCitizenId),
            [.. s.Evidence().Select(e => new EvidenceDto(e.Key, e.Value))], s.CreatedAt, s.DecidedAt, s.DecidedBy))];
    }
}
