using Ghiseu.Data;
using Ghiseu.Features.Units;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Categories;

/// <summary>Which categories apply to a unit: those of the unit, of any unit above it, or of every unit.</summary>
public sealed class CategoryCatalog(GhiseuDb db, UnitDirectory units)
{
    // Kept for the life of the scope (one request, one desk action, one batch of email): categories
    // change rarely, and a batch asks the same unit's list once per message.
    private readonly ScopeMemo<Guid, List<Category>> seen = new();

    public Task<List<Category>> ForUnitAsync(Guid unitId, CancellationToken ct) => seen.GetAsync(unitId, id => LoadAsync(id, ct));

    private async Task<List<Category>> LoadAsync(Guid unitId, CancellationToken ct)
    {
        var scope = (await units.AncestorsAndSelfAsync(unitId, ct)).Cast<Guid?>().ToList();
        var all = await db.Categories.AsNoTracking().Where(c => c.Active && (c.UnitId == null || scope.Contains(c.UnitId))).ToListAsync(ct);
        // A category defined nearer the unit overrides one with the same code further up.
        return all.GroupBy(c => c.Code)
            .Select(g => g.OrderBy(c => c.UnitId is null ? int.MaxValue : scope.IndexOf(c.UnitId)).First())
            .OrderBy(c => c.Code, StringComparer.Ordinal).ToList();
    }

    /// <summary>Finds the category, by code or id, that applies to the unit.</summary>
    public async Task<Category?> FindAsync(Guid unitId, string? codeOrId, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(codeOrId)) return null;
        var list = await ForUnitAsync(unitId, ct);
        return Guid.TryParse(codeOrId, out var id)
            ? list.FirstOrDefault(c => c.Id == id)
            : list.FirstOrDefault(c => string.Equals(c.Code, codeOrId.Trim(), StringComparison.OrdinalIgnoreCase));
    }
}
