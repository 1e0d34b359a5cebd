using Ghiseu.Data;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Units;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Desk.Pages;

/// <summary>What the workspace offers to choose from: colleagues to assign, and possible duplicates.</summary>
public static class DeskSuggestions
{
    public sealed record Colleague(Guid Id, string Name, string Email);

    /// <summary>Active staff who may work cases (not auditors), granted the case's unit (directly or through a unit above it).</summary>
    public static async Task<List<Colleague>> ColleaguesAsync(IServiceProvider sp, Guid unitId, CancellationToken ct)
    {
        var db = sp.GetRequiredService<GhiseuDb>();
        var above = await sp.GetRequiredService<UnitDirectory>().AncestorsAndSelfAsync(unitId, ct);
        return await db.Users.AsNoTracking()
            .Where(u => u.Active && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && Identity.Roles.CaseWorkers.Contains(r.Name!)))
                && db.UnitGrants.Any(g => g.UserId == u.Id && (g.UnitId == unitId || (g.IncludeSubtree && above.Contains(g.UnitId)))))
            .OrderBy(u => u.DisplayName).Select(u => new Colleague(u.Id, u.DisplayName, u.Email!)).Take(200).ToListAsync(ct);
    }

    /// <summary>
    /// Cases that may be the same request: the citizen's other open cases, then cases of the same unit
    /// whose text shares the subject's longest words. Only cases the user can see.
    /// </summary>
    public static async Task<List<CaseDto>> DuplicatesAsync(IServiceProvider sp, CaseDto c, CancellationToken ct)
    {
        var db = sp.GetRequiredService<GhiseuDb>();
        var open = new[] { CaseStatus.New, CaseStatus.Open, CaseStatus.PendingCitizen, CaseStatus.PendingThirdParty };
        var sameCitizen = await db.Cases.AsNoTracking()
            .Where(x => x.CitizenId == c.Citizen.Id && x.Id != c.Id && x.MergedIntoId == null && open.Contains(x.Status))
            .OrderByDescending(x => x.CreatedAt).Take(5).ToListAsync(ct);
        var words = TextFolding.WordsOf(c.Subject).Distinct()
            .Where(w => w.Length >= 5).OrderByDescending(w => w.Length).Take(2).ToList();
        var similar = new List<Case>();
        if (words.Count > 0)
        {
            var q = db.Cases.AsNoTracking().Where(x => x.Id != c.Id && x.MergedIntoId == null && open.Contains(x.Status) && x.CreatedAt > c.CreatedAt.AddDays(-60));
            foreach (var w in words) q = q.Where(x => x.SearchText.Contains(w));
            similar = await q.OrderByDescending(x => x.CreatedAt).Take(5).ToListAsync(ct);
        }
        var all = sameCitizen.Concat(similar).DistinctBy(x => x.Id).Take(8).ToList();
        return await sp.GetRequiredService<CaseReader>().ToDtosAsync(all, ct);
    }
}
