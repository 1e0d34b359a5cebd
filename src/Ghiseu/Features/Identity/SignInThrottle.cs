using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Ghiseu.Data;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Identity;

/// <summary>
/// Slows staff sign-in guessing per account name (known or not) and per client address: after a
/// number of failures the next attempt waits 2^(failures − 4) seconds, at most 15 minutes. Nothing
/// is ever locked: the wait ends by itself, and an account with two-factor sign-in still gets in
/// with its password and a valid code (see <see cref="AuthEndpoints"/>).
/// </summary>
public sealed class SignInThrottle(IDbContextFactory<GhiseuDb> factory, TimeProvider clock, IConfiguration config)
{
    /// <summary>A count with no failure for this long starts again from zero.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(15);

    private int AccountFailures => config.GetValue("Ghiseu:SignInThrottle:AccountFailures", 5);
    private int AddressFailures => config.GetValue("Ghiseu:SignInThrottle:AddressFailures", 5);

    /// <summary>The wait after <paramref name="failures"/> failures, when the threshold is passed.</summary>
    public static TimeSpan? WaitAfter(int failures, int threshold) =>
        failures < threshold ? null : TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Min(failures - threshold + 1, 20)), MaxWait.TotalSeconds));

    /// <summary>How long the account name and the address must still wait (null: not held back).</summary>
    public async Task<SignInWait> WaitAsync(string account, IPAddress? address, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (accountKey, addressKey) = (AccountKey(account), AddressKey(address));
        await using var db = await factory.CreateDbContextAsync(ct);
        var held = await db.SignInFailures
            .Where(f => (f.Kind == SignInFailures.Account && f.Key == accountKey) || (f.Kind == SignInFailures.Address && f.Key == addressKey))
            .Where(f => f.BlockedUntil > now)
            .Select(f => new { f.Kind, f.BlockedUntil }).ToListAsync(ct);
        TimeSpan? Left(string kind) => held.FirstOrDefault(h => h.Kind == kind)?.BlockedUntil - now;
        return new SignInWait(Left(SignInFailures.Account), Left(SignInFailures.Address));
    }

    /// <summary>Counts a failure for both; returns the wait it brings, if any.</summary>
    public async Task<TimeSpan?> FailedAsync(string account, IPAddress? address, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var a = await CountAsync(db, SignInFailures.Account, AccountKey(account), AccountFailures, now, ct);
        var b = await CountAsync(db, SignInFailures.Address, AddressKey(address), AddressFailures, now, ct);
        // Stale counts are swept now and then, so names typed once do not pile up.
        if (Random.Shared.Next(100) == 0)
            await db.SignInFailures.Where(f => f.LastFailureAt < now - Window).ExecuteDeleteAsync(ct);
        return new SignInWait(a, b).Longest;
    }

    /// <summary>A right sign-in clears the account name's count (not the address's: one good account must not hide guesses at others).</summary>
    public async Task SucceededAsync(string account, CancellationToken ct)
    {
        var key = AccountKey(account);
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.SignInFailures.Where(f => f.Kind == SignInFailures.Account && f.Key == key).ExecuteDeleteAsync(ct);
    }

    // One atomic increment per failure, so parallel guesses from several nodes are all counted.
    private static async Task<TimeSpan?> CountAsync(GhiseuDb db, string kind, string key, int threshold, DateTimeOffset now, CancellationToken ct)
    {
        var stale = now - Window;
        var row = db.SignInFailures.Where(f => f.Kind == kind && f.Key == key);
        for (var attempt = 0; ; attempt++)
        {
            var changed = await row.ExecuteUpdateAsync(s => s
                .SetProperty(f => f.Failures, f => f.LastFailureAt < stale ? 1 : f.Failures + 1)
                .SetProperty(f => f.LastFailureAt, now), ct);
            if (changed > 0) break;
            db.SignInFailures.Add(new SignInFailures { Kind = kind, Key = key, Failures = 1, LastFailureAt = now });
            try
            {
                await db.SaveChangesAsync(ct);
                break;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                db.ChangeTracker.Clear(); // another request made the row first: count on it
            }
        }
        // A right sign-in of the same account may have cleared the row meanwhile: then there is nothing to hold back.
        var failures = await row.Select(f => f.Failures).SingleOrDefaultAsync(ct);
        if (WaitAfter(failures, threshold) is not { } wait) return null;
        var until = now + wait;
        // Never shortens a wait another request has already set further out.
        await row.Where(f => f.BlockedUntil == null || f.BlockedUntil < until).ExecuteUpdateAsync(s => s.SetProperty(f => f.BlockedUntil, until), ct);
        return wait;
    }

    private static string AccountKey(string account) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(account.Trim().ToUpperInvariant())));

    // An IPv6 client controls its whole /64, so the prefix is what counts.
    private static string AddressKey(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}

/// <summary>What an account name and a client address must still wait before the next sign-in attempt.</summary>
public readonly record struct SignInWait(TimeSpan? Account, TimeSpan? Address)
{
    public TimeSpan? Longest => Account > Address || Address is null ? Account : Address;
}
