using Ghiseu.Data;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Citizens;

/// <summary>
/// Records that hold a key of the input but that the match did not join (no proof, or another unit's):
/// what "possible same person" suggestions are raised from when the input gets a record of its own.
/// </summary>
internal sealed class MatchCandidates
{
    /// <summary>
    /// Suggestions raised for one new record, strongest first: enough for the records a person
    /// really has, while a stranger who types a well-known number cannot tie a request to many.
    /// </summary>
    public const int MaxPerCitizen = 3;

    private readonly Dictionary<Guid, CitizenMatchSuggestion> found = [];

    public void Note(Guid citizenId, string key, string value)
    {
        if (!found.TryGetValue(citizenId, out var s)) found[citizenId] = s = new CitizenMatchSuggestion { ExistingCitizenId = citizenId };
        s.Note(key, value);
    }

    /// <summary>Adds the suggestions for <paramref name="created"/> to the context, saved with it.</summary>
    public async Task RaiseAsync(GhiseuDb db, Citizen created, DateTimeOffset now, CancellationToken ct)
    {
        if (found.Count == 0) return;
        var ids = found.Keys.ToList();
        // The holders of a point include records merged into another, which keep their points for history.
        var live = await db.Citizens.IgnoreQueryFilters().Where(x => ids.Contains(x.Id) && x.MergedIntoId == null).Select(x => x.Id).ToListAsync(ct);
        // Time-ordered ids: among equals the oldest record, which later records are most likely to be merged into.
        foreach (var s in found.Values.Where(s => live.Contains(s.ExistingCitizenId))
                     .OrderByDescending(s => s.Strength).ThenBy(s => s.ExistingCitizenId).Take(MaxPerCitizen))
        {
            (s.NewCitizenId, s.CreatedAt) = (created.Id, now);
            db.CitizenMatchSuggestions.Add(s);
        }
    }
}
