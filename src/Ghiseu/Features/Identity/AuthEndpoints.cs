using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Ghiseu.Features.Audit;
using Ghiseu.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Ghiseu.Features.Identity;

public static class AuthEndpoints
{
    public sealed record LoginRequest([Required] string Email, [Required] string Password, string? TotpCode = null, string? RecoveryCode = null);
    public sealed record TwoFactorSetup(string SharedKey, string AuthenticatorUri);
    public sealed record CodeRequest([Required] string Code);
    public sealed record PasswordChange([Required] string CurrentPassword, [Required] string NewPassword);
    public sealed record RecoveryCodes(IEnumerable<string> Codes);
    public sealed record Me(Guid Id, string Email, string DisplayName, string Language, string TimeZone, IList<string> Roles, bool TwoFactorEnabled, bool MustChangePassword);
    public sealed record TokenRequest([Required, StringLength(100, MinimumLength = 1)] string Name, [Range(1, 3650)] int? ExpiresInDays = null);
    public sealed record TokenInfo(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);
    public sealed record IssuedToken(Guid Id, string Name, string Token, DateTimeOffset? ExpiresAt);

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth").WithTags("Auth");

        auth.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(RateLimits.Login)
            .WithSummary("Sign in with email, password and, when enrolled, a TOTP or recovery code; returns a bearer token.");

        var me = auth.MapGroup("").RequireAuthorization(Roles.StaffPolicy);
        me.MapGet("/me", GetMeAsync).WithSummary("The signed-in staff member.");
        me.MapPost("/password", ChangePasswordAsync)
            .WithSummary("Changes the caller's password (a temporary one must be changed before anything else); every token of the account then ends: sign in again.");
        me.MapPost("/2fa/setup", SetupTwoFactorAsync).WithSummary("Creates a new authenticator key; returns it with an otpauth URI for a QR code.");
        me.MapPost("/2fa/enable", EnableTwoFactorAsync).WithSummary("Turns on two-factor sign-in after checking a code; returns ten recovery codes.");
        me.MapPost("/2fa/recovery-codes", NewRecoveryCodesAsync).WithSummary("Replaces the recovery codes.");
        me.MapGet("/tokens", async (ClaimsPrincipal user, PersonalAccessTokens tokens, CancellationToken ct) =>
            (await tokens.ListAsync(user.StaffId()!.Value, ct)).Select(t => new TokenInfo(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt)))
            .WithSummary("The caller's personal access tokens (without their secret).");
        me.MapPost("/tokens", IssueTokenAsync).WithSummary("Issues a personal access token for an integration; the secret is shown once.");
        me.MapDelete("/tokens/{id:guid}", async Task<Results<NoContent, NotFound>> (Guid id, ClaimsPrincipal user, PersonalAccessTokens tokens, CancellationToken ct) =>
            await tokens.RevokeAsync(user.StaffId()!.Value, id, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .WithSummary("Revokes a personal access token.");
        return app;
    }

    private static async Task<IResult> LoginAsync(LoginRequest login, SignInManager<StaffUser> signIn, SignInThrottle throttle, HttpContext http, AuditLog audit, CancellationToken ct)
    {
        signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
        var address = http.Connection.RemoteIpAddress;
        var user = await signIn.UserManager.FindByEmailAsync(login.Email);
        if (user is not { Active: true }) user = null;
        var held = await throttle.WaitAsync(login.Email, address, ct);
        // A held-back address is refused outright: nobody there may guess two-factor codes either.
        if (held.Address is { } addressWait)
        {
            await audit.RecordAsync("login-failed", "StaffUser", user?.Id.ToString(), details: Details(login.Email, "throttled"), ct: ct);
            return TooManyAttempts(http, held.Longest ?? addressWait);
        }
        if (held.Account is { } wait)
            return await ThrottledLoginAsync(login, user, wait, signIn, throttle, http, audit, ct);

        if (user is null)
        {
            SignInTiming.Equalize(signIn.UserManager, login.Password);
            await throttle.FailedAsync(login.Email, address, ct);
            await audit.RecordAsync("login-failed", "StaffUser", null, details: Details(login.Email, "unknown or inactive"), ct: ct);
            return Problems.Unauthorized(BadCredentials);
        }
        var result = await signIn.PasswordSignInAsync(user, login.Password, isPersistent: false, lockoutOnFailure: false);
        var passwordOk = result.RequiresTwoFactor;
        if (passwordOk)
        {
            if (!string.IsNullOrWhiteSpace(login.TotpCode))
                result = await signIn.TwoFactorAuthenticatorSignInAsync(login.TotpCode, false, false);
            else if (!string.IsNullOrWhiteSpace(login.RecoveryCode))
                result = await signIn.TwoFactorRecoveryCodeSignInAsync(login.RecoveryCode);
            else
                return Problems.Unauthorized("A two-factor code is required.", "totp-required");
        }
        if (result.Succeeded)
        {
            await throttle.SucceededAsync(login.Email, ct);
            await audit.RecordAsync("login", "StaffUser", user.Id.ToString(), ct: ct);
            return Results.Empty; // the bearer handler has written {tokenType, accessToken, expiresIn, refreshToken}
        }
        await throttle.FailedAsync(login.Email, address, ct);
        await audit.RecordAsync("login-failed", "StaffUser", user.Id.ToString(),
            details: Details(login.Email, passwordOk ? "bad two-factor code" : "bad credentials"), ct: ct);
        return Problems.Unauthorized(passwordOk ? "The two-factor code is wrong or was already used." : BadCredentials);
    }

    /// <summary>
    /// While the account name must wait, only the password together with a valid second factor gets
    /// in, so guesses by others do not keep the owner of an account with two-factor sign-in out.
    /// Everything else gets the same 429, for known and unknown accounts alike.
    /// </summary>
    private static async Task<IResult> ThrottledLoginAsync(LoginRequest login, StaffUser? user, TimeSpan wait,
        SignInManager<StaffUser> signIn, SignInThrottle throttle, HttpContext http, AuditLog audit, CancellationToken ct)
    {
        var hasCode = !string.IsNullOrWhiteSpace(login.TotpCode) || !string.IsNullOrWhiteSpace(login.RecoveryCode);
        if (hasCode)
        {
            if (user is { TwoFactorEnabled: true }
                && (await signIn.PasswordSignInAsync(user, login.Password, isPersistent: false, lockoutOnFailure: false)).RequiresTwoFactor)
            {
                var second = !string.IsNullOrWhiteSpace(login.TotpCode)
                    ? await signIn.TwoFactorAuthenticatorSignInAsync(login.TotpCode, false, false)
                    : await signIn.TwoFactorRecoveryCodeSignInAsync(login.RecoveryCode!);
                if (second.Succeeded)
                {
                    await throttle.SucceededAsync(login.Email, ct);
                    await audit.RecordAsync("login", "StaffUser", user.Id.ToString(), details: Details(login.Email, "two factors while throttled"), ct: ct);
                    return Results.Empty;
                }
            }
            else SignInTiming.Equalize(signIn.UserManager, login.Password);
            // A password and a code were tried: that is a guess like any other.
            if (await throttle.FailedAsync(login.Email, http.Connection.RemoteIpAddress, ct) is { } longer && longer > wait) wait = longer;
        }
        await audit.RecordAsync("login-failed", "StaffUser", user?.Id.ToString(), details: Details(login.Email, "throttled"), ct: ct);
        return TooManyAttempts(http, wait);
    }

    internal static IResult TooManyAttempts(HttpContext http, TimeSpan wait)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problems.Make(StatusCodes.Status429TooManyRequests, "Too many requests",
            $"Too many failed sign-ins for this account or from this address; try again in {Waits.Describe(seconds, english: true)}.", "sign-in-throttled");
    }

    // One answer for an unknown email, an inactive account and a wrong password, so sign-in does not reveal who has an account.
    private const string BadCredentials = "The email or password is wrong.";

    private static string Details(string email, string reason) => System.Text.Json.JsonSerializer.Serialize(new { email, reason });

    private static async Task<Ok<Me>> GetMeAsync(ClaimsPrincipal principal, UserManager<StaffUser> users)
    {
        var user = await users.GetUserAsync(principal) ?? throw new InvalidOperationException("Signed-in user is gone.");
        return TypedResults.Ok(new Me(user.Id, user.Email!, user.DisplayName, user.Language, user.TimeZone,
            await users.GetRolesAsync(user), user.TwoFactorEnabled, user.MustChangePassword));
    }

    private static async Task<IResult> ChangePasswordAsync(PasswordChange request, ClaimsPrincipal principal, UserManager<StaffUser> users, UnitScopeResolver scopes)
    {
        var user = (await users.GetUserAsync(principal))!;
        if (!await users.CheckPasswordAsync(user, request.CurrentPassword))
            return Problems.Validation(("currentPassword", Staff.StaffText.PasswordWrong));
        var result = await users.ChangePasswordAsync(user, request.CurrentPassword, request.NewPassword);
        if (!result.Succeeded) return Problems.Validation([.. result.Errors.Select(e => ("newPassword", e.Description))]);
        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        scopes.Forget(user.Id);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> SetupTwoFactorAsync(ClaimsPrincipal principal, UserManager<StaffUser> users)
    {
        var user = (await users.GetUserAsync(principal))!;
        // A new key while two-factor is on would lock the user out of their current authenticator.
        if (user.TwoFactorEnabled) return Problems.Conflict("Two-factor sign-in is already on; ask an administrator to reset it.", "2fa-enabled");
        await users.ResetAuthenticatorKeyAsync(user);
        var key = (await users.GetAuthenticatorKeyAsync(user))!;
        var label = Uri.EscapeDataString($"Ghiseu:{user.Email}");
        return TypedResults.Ok(new TwoFactorSetup(key, $"otpauth://totp/{label}?secret={key}&issuer=Ghiseu&digits=6"));
    }

    private static async Task<IResult> EnableTwoFactorAsync(CodeRequest request, ClaimsPrincipal principal, UserManager<StaffUser> users)
    {
        var user = (await users.GetUserAsync(principal))!;
        if (!await users.VerifyTwoFactorTokenAsync(user, TotpTokenProvider.Name, request.Code))
            return Problems.Validation(("code", "The code does not match the authenticator key; check the device clock."));
        await users.SetTwoFactorEnabledAsync(user, true);
        return TypedResults.Ok(new RecoveryCodes((await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!));
    }

    private static async Task<IResult> NewRecoveryCodesAsync(ClaimsPrincipal principal, UserManager<StaffUser> users)
    {
        var user = (await users.GetUserAsync(principal))!;
        if (!user.TwoFactorEnabled) return Problems.Conflict("Two-factor sign-in is not enabled.", "2fa-disabled");
        return TypedResults.Ok(new RecoveryCodes((await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!));
    }

    private static async Task<Created<IssuedToken>> IssueTokenAsync(TokenRequest request, ClaimsPrincipal user, PersonalAccessTokens tokens, CancellationToken ct)
    {
        var (record, token) = await tokens.IssueAsync(user.StaffId()!.Value, request.Name, request.ExpiresInDays, ct);
        return TypedResults.Created($"/api/v1/auth/tokens/{record.Id}", new IssuedToken(record.Id, record.Name, token, record.ExpiresAt));
    }
}
