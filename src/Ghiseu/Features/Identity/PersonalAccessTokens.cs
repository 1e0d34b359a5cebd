using System.Security.Cryptography;
using System.Text;
using Ghiseu.Data;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Identity;

/// <summary>Issues, lists and revokes long-lived API tokens; only a SHA-256 of each token is kept.</summary>
public sealed class PersonalAccessTokens(GhiseuDb db, TimeProvider clock)
{
    /// <summary>Every token starts with this, so the authentication scheme can tell it from a session token.</summary>
    public const string TokenPrefix = "ghpat_";

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public async Task<(PersonalAccessToken Record, string Token)> IssueAsync(Guid userId, string name, int? days, CancellationToken ct)
    {
        var token = TokenPrefix + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var record = new PersonalAccessToken
        {
            UserId = userId, Name = name, Hash = HashOf(token), Prefix = token[..12], CreatedAt = now,
            ExpiresAt = days is { } d ? now.AddDays(d) : null,
        };
        db.PersonalAccessTokens.Add(record);
        await db.SaveChangesAsync(ct);
        return (record, token);
    }

    public Task<List<PersonalAccessToken>> ListAsync(Guid userId, CancellationToken ct) =>
        db.PersonalAccessTokens.Where(t => t.UserId == userId).OrderBy(t => t.CreatedAt).ToListAsync(ct);

    public async Task<bool> RevokeAsync(Guid userId, Guid id, CancellationToken ct)
    {
        var token = await db.PersonalAccessTokens.FirstOrDefaultAsync(t => t.Id == id && t.UserId == userId, ct);
        if (token is null) return false;
        token.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return true;
    }
}
