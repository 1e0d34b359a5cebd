using Microsoft.AspNetCore.Identity;

namespace Ghiseu.Features.Identity;

/// <summary>
/// Hashes the typed password against a dummy when the account is unknown or inactive, so a refusal
/// takes as long as a wrong password and sign-in does not reveal who has an account.
/// </summary>
public static class SignInTiming
{
    private static readonly StaffUser Dummy = new() { DisplayName = "-" };
    private static readonly string DummyHash = new PasswordHasher<StaffUser>().HashPassword(Dummy, Guid.NewGuid().ToString());

    public static void Equalize(UserManager<StaffUser> users, string password) =>
        users.PasswordHasher.VerifyHashedPassword(Dummy, DummyHash, password);
}
