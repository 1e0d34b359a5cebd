using System.Text;
using Ghiseu.Data;
using Ghiseu.Web;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Identity.Staff;

/// <summary>
/// Reads staff accounts for administrators. A network has hundreds of staff, not millions: the accounts
/// are read whole and filtered in memory, which keeps the "manages only staff inside my units" rule in
/// one place (<see cref="StaffCaller.Manages"/>) for lists and single reads alike.
/// </summary>
public sealed class StaffDirectory(GhiseuDb db, TimeProvider clock)
{
    private const int DefaultLimit = 50, MaxLimit = 200;

    public sealed record Row(StaffUser User, List<string> Roles)
    {
        public bool Is(string role) => Roles.Contains(role);
    }

    public async Task<List<Row>> RowsAsync(Guid? id, CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().Include(u => u.Grants).Where(u => id == null || u.Id == id).ToListAsync(ct);
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where id == null || ur.UserId == id
                           select new { ur.UserId, r.Name }).ToListAsync(ct);
        var byUser = roles.ToLookup(r => r.UserId, r => r.Name!);
        return [.. users.Select(u => new Row(u, [.. byUser[u.Id].Order(StringComparer.Ordinal)]))];
    }

    public async Task<IResult> ListAsync(StaffCaller me, StaffQuery query, CancellationToken ct)
    {
        var errors = new List<(string, string)>();
        string? role = null;
        if (!string.IsNullOrWhiteSpace(query.Role) && (role = StaffValidation.Role(query.Role)) is null)
            errors.Add(("role", StaffValidation.Format(StaffText.RoleUnknown, query.Role)));
        Guid? unit = null;
        if (!string.IsNullOrWhiteSpace(query.Unit))
        {
            var found = StaffValidation.GrantList([new StaffGrant(query.Unit)], me.Tree, []);
            if (found.Count == 1) unit = found.Keys.First();
            else errors.Add(("unit", StaffValidation.Format(StaffText.UnitUnknown, query.Unit)));
        }
        (string Name, Guid Id)? after = null;
        if (!string.IsNullOrEmpty(query.Cursor) && (after = ReadCursor(query.Cursor)) is null) errors.Add(("cursor", StaffText.CursorInvalid));
        if (errors.Count > 0) return Problems.Validation([.. errors]);

        var words = TextFolding.Fold(query.Q).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var rows = (await RowsAsync(null, ct)).Where(r => me.Manages(r.Roles, r.User.Grants)
                && (role is null || r.Is(role))
                && (unit is null || r.User.Grants.Any(g => g.UnitId == unit))
                && (query.Active is null || r.User.Active == query.Active)
                && words.All(w => TextFolding.Fold($"{r.User.DisplayName} {r.User.Email}").Contains(w, StringComparison.Ordinal)))
            .OrderBy(r => r.User.DisplayName, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.User.Id)
            .AsEnumerable();
        if (after is { } a)
            rows = rows.SkipWhile(r => Compare(r, a) <= 0);
        var limit = Math.Clamp(query.Limit ?? DefaultLimit, 1, MaxLimit);
        var page = rows.Take(limit + 1).ToList();
        var more = page.Count > limit;
        if (more) page.RemoveAt(limit);
        var items = await DtosAsync(me, page, ct);
        return TypedResults.Ok(new StaffList(items, more ? Cursor(page[^1]) : null));
    }

    public async Task<StaffDto?> GetAsync(StaffCaller me, Guid id, CancellationToken ct)
    {
        var row = (await RowsAsync(id, ct)).FirstOrDefault();
        return row is null || !me.Manages(row.Roles, row.User.Grants) ? null : (await DtosAsync(me, [row], ct))[0];
    }

    private async Task<List<StaffDto>> DtosAsync(StaffCaller me, List<Row> rows, CancellationToken ct)
    {
        // Sign-ins are in the audit trail already (desk and API both record "login"): no column to keep in step.
        var ids = rows.Select(r => r.User.Id.ToString()).ToList();
        var last = (await db.AuditEntries.AsNoTracking()
                .Where(a => a.EntityType == "StaffUser" && a.Action == "login" && ids.Contains(a.EntityId!))
                .GroupBy(a => a.EntityId).Select(g => new { g.Key, At = g.Max(a => a.At) }).ToListAsync(ct))
            .ToDictionary(x => x.Key!, x => x.At);
        var now = clock.GetUtcNow();
        return [.. rows.Select(r => new StaffDto(r.User.Id, r.User.Email ?? "", r.User.DisplayName, r.User.Language, r.User.TimeZone, r.Roles,
            [.. r.User.Grants.Select(g => new StaffGrant(me.CodeOf(g.UnitId), g.IncludeSubtree)).OrderBy(g => g.Unit, StringComparer.Ordinal)],
            r.User.Active, r.User.TwoFactorEnabled, r.User.LockoutEnd > now, r.User.MustChangePassword,
            last.TryGetValue(r.User.Id.ToString(), out var at) ? at : null))];
    }

    private static int Compare(Row r, (string Name, Guid Id) a)
    {
        var c = StringComparer.OrdinalIgnoreCase.Compare(r.User.DisplayName, a.Name);
        return c != 0 ? c : r.User.Id.CompareTo(a.Id);
    }

    private static string Cursor(Row r) =>
        System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{r.User.Id}|{r.User.DisplayName}"));

    private static (string, Guid)? ReadCursor(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(cursor));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            return bar > 0 && Guid.TryParse(text[..bar], out var id) ? (text[(bar + 1)..], id) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
