using System.ComponentModel.DataAnnotations;
using Ghiseu.Common;
using Ghiseu.Data;
using Ghiseu.Features.Cases;
using Ghiseu.Web;

namespace Ghiseu.Features.Desk;

/// <summary>One action on a selection of cases: <c>assign</c> (assignee), <c>status</c> (status, note) or <c>tag</c> (tag, remove).</summary>
public sealed record BulkRequest(
    [Required, MinLength(1), MaxLength(BulkActions.MaxCases)] List<string> Cases,
    [Required] string Action,
    string? Assignee = null,
    CaseStatus? Status = null,
    [StringLength(20000)] string? Note = null,
    [StringLength(50)] string? Tag = null,
    bool Remove = false);

/// <summary>What happened to one case: <c>status</c> is the HTTP status the single-case call would have answered.</summary>
public sealed record BulkItemResult(string Case, bool Ok, int Status, string? Error = null, string? Code = null);

/// <summary>
/// Runs a bulk action case by case through the same path as the single-case calls (<see cref="CaseWork"/>):
/// the caller's scope, the status rules, the audit trail and the change events apply to each. A case
/// that fails does not stop the others; each answer says what happened.
/// </summary>
public sealed class BulkActions(CaseWork work, GhiseuDb db, TimeProvider clock)
{
    public const int MaxCases = 200;

    public static readonly string[] Actions = ["assign", "status", "tag"];

    public static List<(string, string)> Validate(BulkRequest r)
    {
        var errors = new List<(string, string)>();
        if (r.Cases is not { Count: > 0 and <= MaxCases }) errors.Add(("cases", $"Send 1 to {MaxCases} cases."));
        switch (r.Action)
        {
            case "assign": break;
            case "status" when r.Status is null: errors.Add(("status", "The new status is required.")); break;
            case "status": break;
            case "tag" when CaseTags.Check(r.Tag is null ? [""] : [r.Tag]) is { } error: errors.Add(("tag", error)); break;
            case "tag": break;
            default: errors.Add(("action", $"Use one of: {string.Join(", ", Actions)}.")); break;
        }
        return errors;
    }

    /// <summary>Runs the action on each case as <paramref name="actor"/>; <paramref name="expectedVersion"/> (If-Match) applies to each.</summary>
    public async Task<List<BulkItemResult>> RunAsync(BulkRequest r, Actor actor, long? expectedVersion, CancellationToken ct)
    {
        var results = new List<BulkItemResult>(r.Cases.Count);
        foreach (var id in r.Cases.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var outcome = r.Action switch
            {
                "assign" => await work.AssignAsync(id, r.Assignee, actor, expectedVersion, ct),
                "status" => await work.TransitionAsync(id, r.Status!.Value, r.Note, actor, expectedVersion, ct),
                _ => await work.ChangeAsync(id, actor, expectedVersion, c => Tag(c, r.Tag!, r.Remove), ct),
            };
            // A failed item must not ride along with the next one's save.
            db.ChangeTracker.Clear();
            results.Add(outcome.Failure is { } f
                ? new BulkItemResult(id, false, ProblemResults.StatusOf(f), f is Failure.Invalid ? f.Message : ProblemResults.DetailOf(f), f.Code)
                : new BulkItemResult(id, true, StatusCodes.Status200OK));
        }
        return results;
    }

    private Failure.Invalid? Tag(Case c, string tag, bool remove)
    {
        var t = tag.Trim().ToLowerInvariant();
        if (remove) c.Tags = [.. c.Tags.Where(x => x != t)];
        else if (!c.Tags.Contains(t))
        {
            if (c.Tags.Count >= CaseTags.MaxCount) return new Failure.Invalid("tag", $"The case already has {CaseTags.MaxCount} tags, the most it may have.");
            c.Tags = [.. c.Tags, t];
        }
        c.Touch(clock.GetUtcNow());
        return null;
    }
}
