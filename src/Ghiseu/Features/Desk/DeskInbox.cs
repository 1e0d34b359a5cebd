using Ghiseu.Data;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Ghiseu.Features.Desk;

/// <summary>Count of one inbox view; <see cref="AtLeast"/> when counting stopped at the cap.</summary>
public sealed record ViewCount(string View, int Count, bool AtLeast);

/// <summary>The inbox: fixed views combined with the case list's filters, sort and cursor, in the caller's scope.</summary>
public sealed class DeskInbox(GhiseuDb db, UnitDirectory units, TimeProvider clock, IOptions<InboxOptions> options)
{
    private InboxOptions Options => options.Value;

    /// <summary>One page of a view; errors when the view or a filter is not valid.</summary>
    public async Task<(List<Case>? Items, string? Next, List<(string, string)> Errors)> PageAsync(
        string view, CaseQuery query, Guid me, CancellationToken ct)
    {
        var (q, errors) = await BuildAsync(view, query, me, ct);
        if (q is null) return (null, null, errors);
        var (items, next) = await query.PageAsync(q, ct);
        return (items, next, errors);
    }

    /// <summary>Counts of every view under the same filters, each capped at <see cref="InboxOptions.CountCap"/>.</summary>
    public async Task<(List<ViewCount>? Counts, List<(string, string)> Errors)> CountsAsync(CaseQuery query, Guid me, CancellationToken ct)
    {
        var cap = Options.CountCap;
        var counts = new List<ViewCount>(InboxViews.Names.Length);
        foreach (var view in InboxViews.Names)
        {
            var (q, errors) = await BuildAsync(view, query, me, ct, whole: true);
            if (q is null) return (null, errors);
            // The scope filter is "all units, or these": SQLite plans it without knowing which, so a
            // count would scan the table. The same units as a plain condition let it use a unit index.
            // Pages keep without it: there, walking the date index is the better plan.
            if (!db.Scope.All)
            {
                var scoped = db.Scope.UnitIds;
                q = q.Where(c => scoped.Contains(c.UnitId));
            }
            var n = await q.Take(cap + 1).CountAsync(ct);
            counts.Add(new ViewCount(view, Math.Min(n, cap), n > cap));
        }
        return (counts, []);
    }

    /// <summary>The view's query; <paramref name="whole"/> when every match is read (a count), not one page.</summary>
    public async Task<(IQueryable<Case>? Query, List<(string, string)> Errors)> BuildAsync(string view, CaseQuery query, Guid me, CancellationToken ct, bool whole = false)
    {
        if (!InboxViews.Names.Contains(view))
            return (null, [("view", $"Unknown view {view}; use {string.Join(", ", InboxViews.Names)}.")]);
        var now = clock.GetUtcNow();
        return await query.BuildAsync(db, units, me, now, ct, Options.SearchCandidateLimit,
            q => InboxViews.Apply(view, q, me, now, Options.DueSoon)!, whole);
    }
}
