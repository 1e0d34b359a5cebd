using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Ghiseu.Data;
using Ghiseu.Features.Units;
using Ghiseu.Web;

namespace Ghiseu.Features.Identity.Staff;

/// <summary>
/// Who may manage whom. A system administrator manages everyone. A unit administrator manages staff
/// whose every grant lies inside their own units (never a system administrator, never someone without
/// a unit), grants only their own units and gives only the roles below system administrator.
/// </summary>
public sealed class StaffCaller(Guid id, bool system, AccessScope scope, UnitDirectory.Tree tree)
{
    /// <summary>The roles a unit administrator may give.</summary>
    public static readonly string[] UnitAdminGrantable = [Roles.Agent, Roles.Supervisor, Roles.UnitAdmin, Roles.Auditor];

    private readonly ILookup<Guid, Guid> children = tree.ById.Values.Where(u => u.ParentId is not null).ToLookup(u => u.ParentId!.Value, u => u.Id);

    public Guid Id => id;
    public bool System => system;
    public UnitDirectory.Tree Tree => tree;

    /// <summary>The caller as an administrator of staff, or null when they are not one.</summary>
    public static StaffCaller? Of(ClaimsPrincipal user, AccessScope scope, UnitDirectory.Tree tree)
    {
        if (user.StaffId() is not { } id) return null;
        if (user.IsInRole(Roles.SystemAdmin)) return new StaffCaller(id, true, scope, tree);
        return user.IsInRole(Roles.UnitAdmin) ? new StaffCaller(id, false, scope, tree) : null;
    }

    public bool Manages(IEnumerable<string> roles, IReadOnlyCollection<UnitGrant> grants) =>
        system || (!roles.Contains(Roles.SystemAdmin) && grants.Count > 0 && grants.All(g => Covers(g.UnitId, g.IncludeSubtree)));

    public bool MayGive(string role) => system || UnitAdminGrantable.Contains(role);

    /// <summary>True when the unit (and, with its subtree, every unit below it) is within the caller's units.</summary>
    public bool Covers(Guid unitId, bool includeSubtree)
    {
        if (system) return true;
        var stack = new Stack<Guid>([unitId]);
        while (stack.TryPop(out var u))
        {
            if (!scope.Allows(u)) return false;
            if (!includeSubtree) break;
            foreach (var c in children[u]) stack.Push(c);
        }
        return true;
    }

    public string CodeOf(Guid unitId) => tree.ById.TryGetValue(unitId, out var u) ? u.Code : unitId.ToString();
}

/// <summary>Checks of the fields of a create or update request, with localized messages for camelCase fields.</summary>
public static class StaffValidation
{
    public static string? Role(string name) => Roles.All.FirstOrDefault(r => r.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));

    public static bool IsEmail(string? email) =>
        !string.IsNullOrWhiteSpace(email) && email.Length <= 256 && System.Net.Mail.MailAddress.TryCreate(email, out var a)
        && a.Address == email && a.DisplayName.Length == 0 && email.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && email.IndexOf('.', at) > at + 1;

    /// <summary>An IANA zone id this machine knows (Windows names are refused, the desk shows IANA ones).</summary>
    public static bool IsTimeZone(string zone) =>
        zone == "UTC" || (zone.Contains('/', StringComparison.Ordinal) && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _)
            && TimeZoneInfo.TryConvertIanaIdToWindowsId(zone, out _));

    public static void Profile(string? name, string? language, string? zone, List<(string, string)> errors)
    {
        if (name is not null && (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200)) errors.Add(("displayName", StaffText.NameRequired));
        if (language is not null && language is not ("ro" or "en")) errors.Add(("language", StaffText.LanguageInvalid));
        if (zone is not null && !IsTimeZone(zone)) errors.Add(("timeZone", StaffText.TimeZoneInvalid));
    }

    public static List<string> RoleList(string[] names, List<(string, string)> errors)
    {
        var roles = new List<string>();
        foreach (var n in names)
        {
            if (Role(n ?? "") is { } r) { if (!roles.Contains(r)) roles.Add(r); }
            else errors.Add(("roles", Format(StaffText.RoleUnknown, n)));
        }
        if (names.Length == 0) errors.Add(("roles", StaffText.RolesRequired));
        return roles;
    }

    /// <summary>The grants by unit id; a unit named twice keeps the wider grant.</summary>
    public static Dictionary<Guid, bool> GrantList(StaffGrant[] grants, UnitDirectory.Tree tree, List<(string, string)> errors)
    {
        var result = new Dictionary<Guid, bool>();
        foreach (var g in grants)
        {
            var code = g.Unit?.Trim() ?? "";
            var unit = tree.ByCode.TryGetValue(code.ToUpperInvariant(), out var byCode) ? byCode
                : Guid.TryParse(code, out var gid) && tree.ById.TryGetValue(gid, out var byId) ? byId : null;
            if (unit is null) { errors.Add(("grants", Format(StaffText.UnitUnknown, code))); continue; }
            result[unit.Id] = g.IncludeSubtree || (result.TryGetValue(unit.Id, out var wide) && wide);
        }
        return result;
    }

    /// <summary>Why the caller may not give these roles or units (403), or null.</summary>
    public static IResult? Forbidden(StaffCaller me, IEnumerable<string>? roles, Dictionary<Guid, bool>? grants)
    {
        if (roles?.FirstOrDefault(r => !me.MayGive(r)) is { } role)
            return Problems.Make(StatusCodes.Status403Forbidden, "Forbidden", Format(StaffText.RoleForbidden, role), "forbidden-role");
        foreach (var (unit, subtree) in grants ?? [])
            if (!me.Covers(unit, subtree))
                return Problems.Make(StatusCodes.Status403Forbidden, "Forbidden", Format(StaffText.UnitForbidden, me.CodeOf(unit)), "forbidden-unit");
        return null;
    }

    public static string Format(string text, object? arg) => string.Format(CultureInfo.CurrentCulture, text, arg);

    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", Lower = "abcdefghijkmnopqrstuvwxyz", Digits = "23456789";

    /// <summary>A temporary password: 16 characters without look-alikes (about 92 bits), in groups of four, with every class Identity asks for.</summary>
    public static string TemporaryPassword()
    {
        const string all = Upper + Lower + Digits;
        while (true)
        {
            var chars = RandomNumberGenerator.GetItems<char>(all, 16);
            if (chars.Any(char.IsAsciiLetterUpper) && chars.Any(char.IsAsciiLetterLower) && chars.Any(char.IsAsciiDigit))
                return string.Join('-', chars.Chunk(4).Select(c => new string(c)));
        }
    }
}
