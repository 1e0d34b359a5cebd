using System.Security.Claims;
using Ghiseu.Data;
using Ghiseu.Features.Identity;
using Ghiseu.Web;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Knowledge;

/// <summary>
/// Who sees and changes which article. Published articles are public; a draft belongs to its unit
/// (the query filter of GhiseuDb); articles for every unit are the knowledge editors' (and system
/// administrators'), except a draft for every unit, which its author may keep writing as a proposal.
/// </summary>
public static class KnowledgeAccess
{
    public static bool IsEditor(ClaimsPrincipal user) => user.IsInRole(Roles.KnowledgeEditor) || user.IsInRole(Roles.SystemAdmin);

    public static bool MayPublish(ClaimsPrincipal user) => IsEditor(user)
        || user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.UnitAdmin);

    /// <summary>The newest articles the caller sees, drafts included.</summary>
    public static async Task<List<Article>> ListAsync(GhiseuDb db, ClaimsPrincipal user, int limit, CancellationToken ct)
    {
        var visible = await Newest(IsEditor(user) ? AllArticles(db) : db.Articles, limit).ToListAsync(ct);
        if (IsEditor(user)) return visible;
        // IgnoreQueryFilters holds for a whole query, so the author's own drafts for every unit are a query of their own.
        var own = await Newest(OwnGlobalDrafts(db, user), limit).ToListAsync(ct);
        return [.. visible.Concat(own).DistinctBy(a => a.Id).OrderByDescending(a => a.UpdatedAt).Take(limit)];
    }

    /// <summary>One article the caller sees, tracked for a change; null when there is none.</summary>
    public static async Task<Article?> FindAsync(GhiseuDb db, ClaimsPrincipal user, Guid id, CancellationToken ct) =>
        await (IsEditor(user) ? AllArticles(db) : db.Articles).FirstOrDefaultAsync(a => a.Id == id, ct)
        ?? (IsEditor(user) ? null : await OwnGlobalDrafts(db, user).FirstOrDefaultAsync(a => a.Id == id, ct));

    // Editors keep the whole knowledge base, so they see every unit's drafts on purpose.
    private static IQueryable<Article> AllArticles(GhiseuDb db) => db.Articles.IgnoreQueryFilters();

    // The unit filter hides drafts for every unit; their author still sees their own.
    private static IQueryable<Article> OwnGlobalDrafts(GhiseuDb db, ClaimsPrincipal user)
    {
        var me = user.StaffId();
        return db.Articles.IgnoreQueryFilters().Where(a => a.UnitId == null && !a.Published && me != null && a.AuthorId == me);
    }

    private static IQueryable<Article> Newest(IQueryable<Article> q, int limit) => q.OrderByDescending(a => a.UpdatedAt).Take(limit);

    /// <summary>Whether the caller may change this (visible) article at all.</summary>
    public static bool MayEdit(Article a, ClaimsPrincipal user, AccessScope scope) =>
        IsEditor(user)
        || (a.UnitId is { } unit ? scope.Allows(unit) : !a.Published && a.AuthorId is not null && a.AuthorId == user.StaffId());

    public static IResult Forbidden(string detail, string code) => Problems.Make(StatusCodes.Status403Forbidden, "Forbidden", detail, code);
}
