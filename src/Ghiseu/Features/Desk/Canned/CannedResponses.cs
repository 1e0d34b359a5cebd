using System.Security.Claims;
using Ghiseu.Common;
using Ghiseu.Data;
using Ghiseu.Features.Identity;
using Ghiseu.Features.Notifications;
using Ghiseu.Features.Units;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Desk.Canned;

/// <summary>Canned responses: the ones a case's unit may use, filled for a case, and their administration.</summary>
public sealed class CannedResponses(GhiseuDb db, UnitDirectory units, TimeProvider clock)
{
    /// <summary>Those of the unit, of the units above it, and those for every unit.</summary>
    public async Task<List<CannedDto>> ForUnitAsync(Guid unitId, CancellationToken ct)
    {
        var above = await units.AncestorsAndSelfAsync(unitId, ct);
        return await ListAsync(db.Set<CannedResponse>().Where(c => c.UnitId == null || above.Contains(c.UnitId.Value)), ct);
    }

    /// <summary>Those the caller may use: of their units, of the units above them, and the shared ones.</summary>
    public async Task<List<CannedDto>> VisibleAsync(CancellationToken ct)
    {
        var scope = db.Scope;
        if (scope.All) return await ListAsync(db.Set<CannedResponse>(), ct);
        var usable = new HashSet<Guid>();
        foreach (var unit in scope.UnitIds) usable.UnionWith(await units.AncestorsAndSelfAsync(unit, ct));
        var ids = usable.ToList();
        return await ListAsync(db.Set<CannedResponse>().Where(c => c.UnitId == null || ids.Contains(c.UnitId.Value)), ct);
    }

    private async Task<List<CannedDto>> ListAsync(IQueryable<CannedResponse> q, CancellationToken ct)
    {
        var tree = await units.GetAsync(ct);
        return [.. (await q.AsNoTracking().OrderBy(c => c.Title).Take(500).ToListAsync(ct))
            .Select(c => new CannedDto(c.Id, c.Title, c.BodyRo, c.BodyEn, c.UnitId is { } u && tree.ById.TryGetValue(u, out var unit) ? unit.Code : null))];
    }

    /// <summary>The text in the citizen's language with the case's placeholders filled in.</summary>
    public static string Fill(CannedDto c, string language, IReadOnlyDictionary<string, string> values) =>
        NotificationTemplates.Fill(language == "en" ? c.BodyEn : c.BodyRo, values);

    /// <summary>Creates or replaces one; shared ones (no unit) only by system administrators, others within the caller's units.</summary>
    public async Task<Outcome<CannedDto>> SaveAsync(Guid? id, CannedRequest r, ClaimsPrincipal user, CancellationToken ct)
    {
        Guid? unitId = null;
        if (r.Unit is not null)
        {
            var unit = await units.FindAsync(r.Unit, ct);
            if (unit is null || !db.Scope.Allows(unit.Id)) return new Failure.Invalid("unit", Web.Resources.Messages.NoSuchUnit);
            unitId = unit.Id;
        }
        else if (!user.IsInRole(Roles.SystemAdmin)) return new Failure.Invalid("unit", "Only system administrators write responses shared by every unit; choose a unit.");
        var row = id is null ? new CannedResponse { Title = "", BodyRo = "", BodyEn = "" } : await db.Set<CannedResponse>().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (row is null || (row.UnitId is { } old && !db.Scope.Allows(old))) return new Failure.NotFound();
        (row.Title, row.BodyRo, row.BodyEn, row.UnitId, row.UpdatedAt) = (r.Title.Trim(), r.BodyRo.Trim(), r.BodyEn.Trim(), unitId, clock.GetUtcNow());
        if (id is null) db.Add(row);
        await db.SaveChangesAsync(ct);
        return new CannedDto(row.Id, row.Title, row.BodyRo, row.BodyEn, r.Unit?.ToUpperInvariant());
    }

    /// <summary>Deletes one; null when done.</summary>
    public async Task<Failure?> DeleteAsync(Guid id, ClaimsPrincipal user, CancellationToken ct)
    {
        var row = await db.Set<CannedResponse>().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (row is null || (row.UnitId is { } u ? !db.Scope.Allows(u) : !user.IsInRole(Roles.SystemAdmin))) return new Failure.NotFound();
        db.Remove(row);
        await db.SaveChangesAsync(ct);
        return null;
    }
}
