using Ghiseu.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Ghiseu.Features.Units;

/// <summary>The unit tree, cached: look-ups by code or id, ancestors and subtrees.</summary>
public sealed class UnitDirectory(IDbContextFactory<GhiseuDb> factory, IMemoryCache cache)
{
    private const string Key = "unit-tree";

    public sealed record Tree(IReadOnlyDictionary<Guid, Unit> ById, IReadOnlyDictionary<string, Unit> ByCode);

    public async Task<Tree> GetAsync(CancellationToken ct = default) =>
        (await cache.GetOrCreateAsync(Key, async e =>
        {
            e.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
            await using var db = await factory.CreateDbContextAsync(ct);
            var units = await db.Units.AsNoTracking().ToListAsync(ct);
            return new Tree(units.ToDictionary(u => u.Id), units.ToDictionary(u => u.Code, StringComparer.OrdinalIgnoreCase));
        }))!;

    /// <summary>Finds a unit by its code (PAR) or its id.</summary>
    public async Task<Unit?> FindAsync(string? codeOrId, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(codeOrId)) return null;
        var tree = await GetAsync(ct);
        return Guid.TryParse(codeOrId, out var id)
            ? tree.ById.GetValueOrDefault(id)
            : tree.ByCode.GetValueOrDefault(codeOrId.Trim());
    }

    /// <summary>The unit and every unit above it, nearest first.</summary>
    public async Task<List<Guid>> AncestorsAndSelfAsync(Guid unitId, CancellationToken ct = default)
    {
        var tree = await GetAsync(ct);
        var result = new List<Guid>();
        for (Guid? id = unitId; id is { } current && tree.ById.TryGetValue(current, out var unit) && result.Count < 64; id = unit.ParentId)
            result.Add(current);
        return result;
    }

    public void Invalidate() => cache.Remove(Key);
}
