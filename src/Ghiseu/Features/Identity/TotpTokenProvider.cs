using Ghiseu.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace Ghiseu.Features.Identity;

/// <summary>
/// RFC 6238 TOTP codes (Otp.NET) from the authenticator key Identity stores for the user. A code is
/// accepted once: the matched time step is remembered and older or equal steps are refused.
/// </summary>
public sealed class TotpTokenProvider(GhiseuDb db) : IUserTwoFactorTokenProvider<StaffUser>
{
    public const string Name = "Totp";

    public Task<string> GenerateAsync(string purpose, UserManager<StaffUser> manager, StaffUser user) =>
        Task.FromResult(string.Empty); // codes come from the user's authenticator app, never from the server

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<StaffUser> manager, StaffUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        var code = token.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (string.IsNullOrEmpty(key) || code.Length != 6 || !code.All(char.IsAsciiDigit)) return false;
        var totp = new Totp(Base32Encoding.ToBytes(key));
        if (!totp.VerifyTotp(code, out var step, new VerificationWindow(previous: 1, future: 1))) return false;
        // Claimed in one conditional UPDATE, so two requests with the same code cannot both pass.
        var claimed = await db.Users.Where(u => u.Id == user.Id && u.LastTotpStep < step)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastTotpStep, step));
        if (claimed == 0) return false;
        // The row is written; keep the tracked user in step without making it dirty, or its next save would
        // fail on a concurrency stamp another request changed. Entry() detects changes, so it comes first.
        var entry = db.Entry(user);
        user.LastTotpStep = step;
        if (entry.State != EntityState.Detached) entry.Property(u => u.LastTotpStep).OriginalValue = step;
        return true;
    }

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<StaffUser> manager, StaffUser user) =>
        !string.IsNullOrEmpty(await manager.GetAuthenticatorKeyAsync(user));
}
