using System.Security.Claims;
using Ghiseu.Data;
using Ghiseu.Features.Audit;
using Ghiseu.Features.Units;
using Ghiseu.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Identity.Staff;

/// <summary>
/// Creates and changes staff accounts for the API and the desk page alike; checks the caller's rights
/// itself. Whatever changes a person's access renews their security stamp (their sessions and bearer
/// tokens end) and drops their cached scope, so the next request sees the change.
/// </summary>
public sealed partial class StaffAdmin(GhiseuDb db, UserManager<StaffUser> users, UnitDirectory units,
    StaffDirectory directory, UnitScopeResolver scopes, AuditLog audit)
{
    public async Task<StaffCaller?> CallerAsync(ClaimsPrincipal user, CancellationToken ct) =>
        StaffCaller.Of(user, db.Scope, await units.GetAsync(ct));

    public async Task<IResult> ListAsync(ClaimsPrincipal user, StaffQuery query, CancellationToken ct) =>
        await CallerAsync(user, ct) is { } me ? await directory.ListAsync(me, query, ct) : NotAnAdmin();

    public async Task<IResult> GetAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        if (await CallerAsync(user, ct) is not { } me) return NotAnAdmin();
        return await directory.GetAsync(me, id, ct) is { } dto ? TypedResults.Ok(dto) : NotFound();
    }

    public async Task<IResult> CreateAsync(ClaimsPrincipal user, StaffCreateRequest r, CancellationToken ct)
    {
        if (await CallerAsync(user, ct) is not { } me) return NotAnAdmin();
        var errors = new List<(string, string)>();
        var email = r.Email?.Trim();
        if (!StaffValidation.IsEmail(email)) errors.Add(("email", StaffText.EmailInvalid));
        else if (await users.FindByEmailAsync(email!) is not null) errors.Add(("email", StaffText.EmailTaken));
        StaffValidation.Profile(r.DisplayName ?? "", r.Language, r.TimeZone, errors);
        var roles = StaffValidation.RoleList(r.Roles ?? [], errors);
        var grants = StaffValidation.GrantList(r.Grants ?? [], me.Tree, errors);
        if (!me.System && grants.Count == 0 && (r.Grants ?? []).Length == 0) errors.Add(("grants", StaffText.GrantsRequired));
        if (errors.Count > 0) return Problems.Validation([.. errors]);
        if (StaffValidation.Forbidden(me, roles, grants) is { } forbidden) return forbidden;

        var password = StaffValidation.TemporaryPassword();
        var staff = new StaffUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = r.DisplayName!.Trim(),
            Language = r.Language ?? "ro", TimeZone = r.TimeZone ?? "Europe/Bucharest", MustChangePassword = true,
        };
        foreach (var (unit, subtree) in grants) staff.Grants.Add(new UnitGrant { UserId = staff.Id, UnitId = unit, IncludeSubtree = subtree });
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await users.CreateAsync(staff, password);
        if (result.Succeeded) result = await users.AddToRolesAsync(staff, roles);
        if (!result.Succeeded) return Refused(result);
        await tx.CommitAsync(ct);
        var dto = (await directory.GetAsync(me, staff.Id, ct))!;
        return TypedResults.Created($"/api/v1/staff/{staff.Id}", new StaffCreated(dto, password));
    }

    public async Task<IResult> UpdateAsync(ClaimsPrincipal user, Guid id, StaffUpdateRequest r, CancellationToken ct)
    {
        if (await CallerAsync(user, ct) is not { } me) return NotAnAdmin();
        var (staff, oldRoles) = await LoadAsync(me, id, ct);
        if (staff is null) return NotFound();
        var errors = new List<(string, string)>();
        StaffValidation.Profile(r.DisplayName, r.Language, r.TimeZone, errors);
        var roles = r.Roles is null ? null : StaffValidation.RoleList(r.Roles, errors);
        var grants = r.Grants is null ? null : StaffValidation.GrantList(r.Grants, me.Tree, errors);
        if (!me.System && grants is { Count: 0 } && r.Grants!.Length == 0) errors.Add(("grants", StaffText.GrantsRequired));
        if (errors.Count > 0) return Problems.Validation([.. errors]);
        if (StaffValidation.Forbidden(me, roles?.Except(oldRoles), grants) is { } forbidden) return forbidden;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (roles is not null && oldRoles.Contains(Roles.SystemAdmin) && !roles.Contains(Roles.SystemAdmin)
            && await KeepsSystemAdminAsync(me, staff, ct) is { } refusal) return refusal;
        if (r.DisplayName is not null) staff.DisplayName = r.DisplayName.Trim();
        if (r.Language is not null) staff.Language = r.Language;
        if (r.TimeZone is not null) staff.TimeZone = r.TimeZone;
        var changed = grants is not null && ApplyGrants(staff, grants);
        if (roles is not null)
        {
            var removed = oldRoles.Except(roles).ToList();
            var added = roles.Except(oldRoles).ToList();
            changed |= removed.Count + added.Count > 0;
            var result = removed.Count > 0 ? await users.RemoveFromRolesAsync(staff, removed) : IdentityResult.Success;
            if (result.Succeeded && added.Count > 0) result = await users.AddToRolesAsync(staff, added);
            if (!result.Succeeded) return Refused(result);
        }
        var saved = changed ? await users.UpdateSecurityStampAsync(staff) : await users.UpdateAsync(staff);
        if (!saved.Succeeded) return Refused(saved);
        await tx.CommitAsync(ct);
        scopes.Forget(id);
        return TypedResults.Ok(await directory.GetAsync(me, id, ct) ?? throw new InvalidOperationException("The account left the caller's units."));
    }

    /// <summary>Replaces the grants in place (a unique index forbids deleting and re-adding a unit in one save); true when any changed.</summary>
    private bool ApplyGrants(StaffUser staff, Dictionary<Guid, bool> grants)
    {
        var changed = false;
        foreach (var g in staff.Grants.Where(g => !grants.ContainsKey(g.UnitId)).ToList())
        {
            db.UnitGrants.Remove(g);
            changed = true;
        }
        foreach (var (unit, subtree) in grants)
        {
            if (staff.Grants.FirstOrDefault(g => g.UnitId == unit) is { } old)
            {
                changed |= old.IncludeSubtree != subtree;
                old.IncludeSubtree = subtree;
            }
            else
            {
                db.UnitGrants.Add(new UnitGrant { UserId = staff.Id, UnitId = unit, IncludeSubtree = subtree });
                changed = true;
            }
        }
        return changed;
    }

    /// <summary>The tracked account with its grants and roles, when the caller manages it.</summary>
    private async Task<(StaffUser? Staff, List<string> Roles)> LoadAsync(StaffCaller me, Guid id, CancellationToken ct)
    {
        var staff = await db.Users.Include(u => u.Grants).FirstOrDefaultAsync(u => u.Id == id, ct);
        if (staff is null) return (null, []);
        var roles = (await users.GetRolesAsync(staff)).ToList();
        return me.Manages(roles, staff.Grants) ? (staff, roles) : (null, []);
    }

    /// <summary>
    /// Refuses to leave the system without an active system administrator, or an administrator without
    /// their own role. Called first in the change's transaction: it writes the role's row, which
    /// serializes every removal of a system administrator (a row lock on PostgreSQL, the write lock
    /// on SQLite), so of two administrators removing each other at once the second sees the first's change.
    /// </summary>
    private async Task<IResult?> KeepsSystemAdminAsync(StaffCaller me, StaffUser staff, CancellationToken ct)
    {
        if (staff.Id == me.Id) return Problems.Conflict(StaffText.SelfDemote, "self");
        await db.Database.ExecuteSqlAsync(
            $"""UPDATE "AspNetRoles" SET "ConcurrencyStamp" = "ConcurrencyStamp" WHERE "Name" = {Roles.SystemAdmin}""", ct);
        var others = await (
            from u in db.Users.AsNoTracking()
            join ur in db.UserRoles on u.Id equals ur.UserId
            join r in db.Roles on ur.RoleId equals r.Id
            where r.Name == Roles.SystemAdmin && u.Active && u.Id != staff.Id
            select u.Id).AnyAsync(ct);
        return others ? null : Problems.Conflict(StaffText.LastSystemAdmin, "last-system-admin");
    }

    private static IResult NotAnAdmin() =>
        Problems.Make(StatusCodes.Status403Forbidden, "Forbidden", StaffText.NotAnAdmin, "forbidden");

    private static IResult NotFound() => Problems.NotFound(StaffText.StaffNotFound);

    private IResult Refused(IdentityResult result) =>
        result.Errors.Any(e => e.Code == users.ErrorDescriber.ConcurrencyFailure().Code)
            ? Problems.Conflict(StaffText.Stale, "stale")
            : Problems.Validation([.. result.Errors.Select(e => (e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal) ? "email"
            : e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "roles", e.Description))]);
}
