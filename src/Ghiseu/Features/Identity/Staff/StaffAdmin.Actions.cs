using System.Security.Claims;
using Ghiseu.Web;

namespace Ghiseu.Features.Identity.Staff;

public sealed partial class StaffAdmin
{
    public Task<IResult> DeactivateAsync(ClaimsPrincipal user, Guid id, CancellationToken ct) => ActAsync(user, id, async (me, staff, roles) =>
    {
        if (staff.Id == me.Id) return Problems.Conflict(StaffText.SelfDeactivate, "self");
        if (roles.Contains(Roles.SystemAdmin) && await KeepsSystemAdminAsync(me, staff, ct) is { } refusal) return refusal;
        staff.Active = false;
        return null;
    }, ct);

    public Task<IResult> ReactivateAsync(ClaimsPrincipal user, Guid id, CancellationToken ct) => ActAsync(user, id, (_, staff, _) =>
    {
        staff.Active = true;
        staff.LockoutEnd = null;
        staff.AccessFailedCount = 0;
        return Task.FromResult<IResult?>(null);
    }, ct);

    public async Task<IResult> ResetPasswordAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var password = StaffValidation.TemporaryPassword();
        var result = await ActAsync(user, id, async (_, staff, _) =>
        {
            var changed = await users.RemovePasswordAsync(staff);
            if (changed.Succeeded) changed = await users.AddPasswordAsync(staff, password);
            if (!changed.Succeeded) return Refused(changed);
            staff.MustChangePassword = true;
            staff.LockoutEnd = null; // a reset is also how a locked-out person gets back in
            staff.AccessFailedCount = 0;
            await audit.RecordAsync("staff-reset-password", "StaffUser", staff.Id.ToString(), ct: ct);
            return null;
        }, ct);
        return result is Microsoft.AspNetCore.Http.HttpResults.Ok<StaffDto> ? TypedResults.Ok(new PasswordReset(password)) : result;
    }

    public Task<IResult> ResetTwoFactorAsync(ClaimsPrincipal user, Guid id, CancellationToken ct) => ActAsync(user, id, async (_, staff, _) =>
    {
        // The key and the recovery codes go too: the person enrols a new authenticator at the next sign-in.
        const string store = "[AspNetUserStore]";
        var result = await users.SetTwoFactorEnabledAsync(staff, false);
        if (result.Succeeded) result = await users.RemoveAuthenticationTokenAsync(staff, store, "AuthenticatorKey");
        if (result.Succeeded) result = await users.RemoveAuthenticationTokenAsync(staff, store, "RecoveryCodes");
        if (!result.Succeeded) return Refused(result);
        await audit.RecordAsync("staff-reset-2fa", "StaffUser", staff.Id.ToString(), ct: ct);
        return null;
    }, ct);

    /// <summary>Loads an account the caller manages, applies the change and renews its security stamp, in one transaction.</summary>
    private async Task<IResult> ActAsync(ClaimsPrincipal user, Guid id, Func<StaffCaller, StaffUser, List<string>, Task<IResult?>> change, CancellationToken ct)
    {
        if (await CallerAsync(user, ct) is not { } me) return NotAnAdmin();
        var (staff, roles) = await LoadAsync(me, id, ct);
        if (staff is null) return NotFound();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await change(me, staff, roles) is { } refused) return refused;
        var saved = await users.UpdateSecurityStampAsync(staff);
        if (!saved.Succeeded) return Refused(saved);
        await tx.CommitAsync(ct);
        scopes.Forget(id);
        return TypedResults.Ok((await directory.GetAsync(me, id, ct))!);
    }
}
