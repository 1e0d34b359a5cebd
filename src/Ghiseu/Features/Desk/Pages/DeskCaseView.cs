using Ghiseu.Data;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Citizens;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Desk.Pages;

/// <summary>Everything the case workspace shows, read in one unit of work inside the user's scope.</summary>
public sealed record DeskCaseView(CaseDto Case, List<InteractionDto> Timeline, Citizen Citizen, List<CaseDto> CitizenCases, List<Referral> Referrals, Guid UnitId,
    List<MatchSuggestions.SuggestionDto> SamePerson)
{
    public static async Task<DeskCaseView?> LoadAsync(IServiceProvider sp, Guid id, CancellationToken ct)
    {
        var db = sp.GetRequiredService<GhiseuDb>();
        var reader = sp.GetRequiredService<CaseReader>();
        var c = await reader.FindAsync(id.ToString(), ct);
        if (c is null) return null;
        var timeline = await Cases.Timeline.LoadAsync(db, c.Id, publicOnly: false, ct);
        var citizen = await sp.GetRequiredService<CitizenDirectory>().OfCaseAsync(c.CitizenId, ct);
        // Only the citizen's cases the user may see: the query filter keeps other units' out.
        var theirs = await db.Cases.AsNoTracking().Where(x => x.CitizenId == c.CitizenId).OrderByDescending(x => x.CreatedAt).Take(20).ToListAsync(ct);
        var referrals = await db.Referrals.AsNoTracking().Where(r => r.CaseId == c.Id).OrderBy(r => r.ReferredAt).ToListAsync(ct);
        // Only suggestions whose other record the user can see too.
        var samePerson = await sp.GetRequiredService<MatchSuggestions>().OpenAsync(c.CitizenId, 5, ct);
        return new DeskCaseView(await reader.ToDtoAsync(c, ct), timeline, citizen, await reader.ToDtosAsync(theirs, ct), referrals, c.UnitId,
            samePerson);
    }
}
