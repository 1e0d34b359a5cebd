using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Ghiseu.Data;
using Ghiseu.Features.Citizens;
using Ghiseu.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Portal.SignIn;

/// <summary>
/// Passwordless sign-in for citizens: a six-digit code mailed to an address we already hold, valid
/// 15 minutes, five tries, used once. A signed-in citizen sees the requests filed with that address
/// as their contact; typing the code back verifies the address.
/// </summary>
public sealed class CitizenSignIn(GhiseuDb db, CitizenDirectory citizens, PortalCases cases, EmailSender email, TimeProvider clock, ILogger<CitizenSignIn> log)
{
    public const string Scheme = "citizen";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
    private const int MaxTries = 5;
    private const int MaxCodesPerWindow = 3;

    public enum Sent { Sent, NotSent, Unavailable }

    /// <summary>
    /// Mails a code when the address belongs to a citizen; says nothing different otherwise, so the
    /// form cannot be used to learn whose address is known.
    /// </summary>
    public async Task<Sent> SendCodeAsync(string address, CancellationToken ct)
    {
        if (ContactNormalizer.Email(address) is not { } normalized) return Sent.NotSent;
        var now = clock.GetUtcNow();
        var known = await cases.IsKnownAsync(normalized, ct);
        var recent = await db.SignInCodes.CountAsync(c => c.Email == normalized && c.CreatedAt > now - Lifetime, ct);
        if (!known || recent >= MaxCodesPerWindow) return Sent.NotSent;
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var row = new SignInCode { Email = normalized, CodeHash = "", CreatedAt = now, ExpiresAt = now + Lifetime };
        row.CodeHash = Hash(row.Id, code);
        try
        {
            await email.SendAsync(normalized, string.Format(CultureInfo.CurrentCulture, PortalText.SignInEmailSubject, code),
                string.Format(CultureInfo.CurrentCulture, PortalText.SignInEmailBody, code), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not send a sign-in code");
            return Sent.Unavailable;
        }
        db.SignInCodes.Add(row);
        await db.SaveChangesAsync(ct);
        return Sent.Sent;
    }

    /// <summary>The citizen's principal when the code is the latest live one for the address; null otherwise.</summary>
    public async Task<ClaimsPrincipal?> VerifyAsync(string address, string code, CancellationToken ct)
    {
        if (ContactNormalizer.Email(address) is not { } normalized) return null;
        var now = clock.GetUtcNow();
        var row = await db.SignInCodes.AsNoTracking().Where(c => c.Email == normalized && c.UsedAt == null && c.ExpiresAt > now)
            .OrderByDescending(c => c.CreatedAt).FirstOrDefaultAsync(ct);
        if (row is null || row.FailedAttempts >= MaxTries) return null;
        var typed = new string([.. code.Where(char.IsAsciiDigit)]);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(row.Id, typed)), Encoding.ASCII.GetBytes(row.CodeHash)))
        {
            await db.SignInCodes.Where(c => c.Id == row.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.FailedAttempts, c => c.FailedAttempts + 1), ct);
            return null;
        }
        // Used once: of two simultaneous tries with the right code, only one marks it.
        var claimed = await db.SignInCodes.Where(c => c.Id == row.Id && c.UsedAt == null).ExecuteUpdateAsync(u => u.SetProperty(c => c.UsedAt, now), ct);
        if (claimed == 0) return null;
        // The code reached this mailbox and came back: whoever holds the address on record now proved it.
        await citizens.VerifyEmailAsync(normalized, ct);
        return new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Email, normalized)], Scheme));
    }

    private static string Hash(Guid id, string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{id:N}:{code}")));
}
