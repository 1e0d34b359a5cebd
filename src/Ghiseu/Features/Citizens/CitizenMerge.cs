using Ghiseu.Data;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Citizens;

/// <summary>Merges a citizen recorded twice into the other record; the caller saves the change.</summary>
public sealed class CitizenMerge(GhiseuDb db, TimeProvider clock)
{
    /// <summary>
    /// Moves the cases and contact points of <paramref name="source"/> to <paramref name="target"/>
    /// (points keep their source and proof: an unverified one stays unverified) and marks the source
    /// merged. Open suggestions about the source now concern the target; one about the pair itself is
    /// confirmed by the merge.
    /// </summary>
    public async Task MergeAsync(Citizen source, Citizen target, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Cases of the source in units the caller cannot see move too: a person has one history.
        var cases = await db.Cases.IgnoreQueryFilters().Where(c => c.CitizenId == source.Id).ToListAsync(ct);
        foreach (var c in cases) { c.CitizenId = target.Id; c.Touch(now); }
        foreach (var p in source.ContactPoints.ToList())
            if (!target.ContactPoints.Any(t => t.Kind == p.Kind && t.Value == p.Value))
                db.ContactPoints.Add(new ContactPoint
                {
                    CitizenId = target.Id, Kind = p.Kind, Value = p.Value, Undeliverable = p.Undeliverable,
                    Source = p.Source, AddedAt = p.AddedAt, VerifiedAt = p.VerifiedAt,
                });
        if (target.Cnp is null) (target.Cnp, target.CnpVerifiedAt) = (source.Cnp, source.CnpVerifiedAt);
        source.MergedIntoId = target.Id;
        await MoveSuggestionsAsync(source.Id, target.Id, now, ct);
    }

    private async Task MoveSuggestionsAsync(Guid source, Guid target, DateTimeOffset now, CancellationToken ct)
    {
        var open = await db.CitizenMatchSuggestions
            .Where(s => s.State == SuggestionState.Open && (s.NewCitizenId == source || s.ExistingCitizenId == source)).ToListAsync(ct);
        if (open.Count == 0) return;
        var others = open.Select(s => s.Other(source)).ToList();
        // A pair with the target already on record (open, confirmed or rejected) stands as it is.
        var known = (await db.CitizenMatchSuggestions
            .Where(s => (s.NewCitizenId == target && others.Contains(s.ExistingCitizenId)) || (s.ExistingCitizenId == target && others.Contains(s.NewCitizenId)))
            .Select(s => s.NewCitizenId == target ? s.ExistingCitizenId : s.NewCitizenId).ToListAsync(ct)).ToHashSet();
        var who = db.Actor;
        foreach (var s in open)
        {
            var other = s.Other(source);
            if (other == target) s.Decide(samePerson: true, who.UserId, who.Name, now);
            else if (!known.Add(other)) db.CitizenMatchSuggestions.Remove(s);
            else s.MoveTo(source, target);
        }
    }
}
