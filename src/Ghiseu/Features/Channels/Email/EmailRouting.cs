using Ghiseu.Data;
using Ghiseu.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Ghiseu.Features.Channels.Email;

/// <summary>Where mail to an address goes, and the address replies of a unit are sent from.</summary>
public sealed record EmailRoute(string Address, Guid UnitId, string? QueueCode, string? CategoryCode, long? MaxMessageBytes, string ReplyFrom);

/// <summary>
/// The addresses mail is accepted for: those configured by administrators (with their aliases) and
/// every unit's own address. Cached briefly; administrators' changes invalidate it.
/// </summary>
public sealed class EmailRouting(IDbContextFactory<GhiseuDb> factory, UnitDirectory units, IMemoryCache cache)
{
    private const string Key = "email-routes";

    public sealed record Table(IReadOnlyDictionary<string, EmailRoute> ByAddress, IReadOnlyDictionary<Guid, string> FromByUnit);

    public async Task<Table> GetAsync(CancellationToken ct = default) =>
        (await cache.GetOrCreateAsync(Key, async e =>
        {
            e.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(30);
            await using var db = await factory.CreateDbContextAsync(ct);
            var rows = await db.EmailAddresses.AsNoTracking().ToListAsync(ct);
            var byId = rows.ToDictionary(r => r.Id);
            var routes = new Dictionary<string, EmailRoute>(StringComparer.OrdinalIgnoreCase);
            var from = new Dictionary<Guid, string>();
            foreach (var u in (await units.GetAsync(ct)).ById.Values.Where(u => !string.IsNullOrWhiteSpace(u.Email)))
            {
                var address = u.Email!.Trim().ToLowerInvariant();
                routes[address] = new EmailRoute(address, u.Id, null, null, null, address);
                from[u.Id] = address;
            }
            foreach (var r in rows.Where(r => r.AliasOfId is null)) from.TryAdd(r.UnitId, r.Address);
            foreach (var r in rows)
            {
                var main = r.AliasOfId is { } a && byId.TryGetValue(a, out var m) ? m : r;
                routes[r.Address] = new EmailRoute(r.Address, main.UnitId, main.QueueCode, main.CategoryCode,
                    r.MaxMessageBytes ?? main.MaxMessageBytes, main.Address);
            }
            return new Table(routes, from);
        }))!;

    public async Task<EmailRoute?> FindAsync(string? address, CancellationToken ct = default) =>
        address is not null && (await GetAsync(ct)).ByAddress.TryGetValue(address.Trim(), out var r) ? r : null;

    /// <summary>True for any address of ours: mail from it is never answered (no loops between our own addresses).</summary>
    public async Task<bool> IsOwnAsync(string? address, CancellationToken ct = default) => await FindAsync(address, ct) is not null;

    public void Invalidate() => cache.Remove(Key);
}
