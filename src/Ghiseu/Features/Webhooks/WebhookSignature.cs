using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Ghiseu.Features.Webhooks;

/// <summary>
/// Signing secrets: made by Ghiseu (32 random bytes, shown once as <c>whsec_…</c>), kept encrypted
/// with the data-protection keys, and used as the HMAC-SHA256 key of
/// <c>Ghiseu-Signature: t=TIMESTAMP,v1=HEX(HMAC(secret, "TIMESTAMP." + body))</c>.
/// </summary>
public sealed class WebhookSignature(IDataProtectionProvider protection)
{
    public const string Header = "Ghiseu-Signature";
    private readonly IDataProtector protector = protection.CreateProtector("Ghiseu.Webhooks.Secret");

    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public string Protect(string secret) => protector.Protect(secret);

    public string Unprotect(string protectedSecret) => protector.Unprotect(protectedSecret);

    /// <summary>The header's value for a body sent at <paramref name="timestamp"/> (Unix seconds).</summary>
    public static string Sign(string secret, long timestamp, string body)
    {
        var t = timestamp.ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(t + "." + body));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>What a receiver does: the signature matches and the timestamp is recent.</summary>
    public static bool Verify(string secret, string header, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToLookup(p => p[0].Trim(), p => p[1].Trim());
        if (!long.TryParse(parts["t"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var t)) return false;
        if (Math.Abs(now.ToUnixTimeSeconds() - t) > tolerance.TotalSeconds) return false;
        var expected = Encoding.ASCII.GetBytes(Sign(secret, t, body).Split("v1=")[1]);
        return parts["v1"].Any(v => CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(v)));
    }
}
