using Microsoft.AspNetCore.Identity;
using OtpNet;

namespace Ghiseu.Features.Identity;

/// <summary>
/// RFC 6238 TOTP codes (Otp.NET) from the authenticator key Identity stores for the user. A code is
/// accepted once: the matched time step is remembered and older or equal steps are refused.
/// </summary>
public sealed class TotpTokenProvider : IUserTwoFactorTokenProvider<StaffUser>
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
        if (step <= user.LastTotpStep) return false;
        user.LastTotpStep = step;
        await manager.UpdateAsync(user);
        return true;
    }

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<StaffUser> manager, StaffUser user) =>
        !string.IsNullOrEmpty(await manager.GetAuthenticatorKeyAsync(user));
}
