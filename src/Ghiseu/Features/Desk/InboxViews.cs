using Ghiseu.Features.Cases;

namespace Ghiseu.Features.Desk;

/// <summary>The desk's fixed views; each narrows the caller's scoped case query.</summary>
public static class InboxViews
{
    public const string Mine = "mine";
    public const string Unassigned = "unassigned";
    public const string Due = "due";
    public const string Waiting = "waiting";
    public const string Emergencies = "emergencies";
    public const string All = "all";

    public static readonly string[] Names = [Mine, Unassigned, Due, Waiting, Emergencies, All];

    /// <summary>Applies the view; null for an unknown view. "Open" means before Resolved, written as one
    /// range so PostgreSQL can use the partial index on open cases.</summary>
    public static IQueryable<Case>? Apply(string view, IQueryable<Case> q, Guid me, DateTimeOffset now, TimeSpan dueSoon)
    {
        var soon = now + dueSoon;
        return view switch
        {
            Mine => q.Where(c => c.AssigneeId == me && c.Status < CaseStatus.Resolved),
            // Every unit queue the caller can see is theirs; scoping already removed the others.
            Unassigned => q.Where(c => c.AssigneeId == null && c.QueueId != null && c.Status < CaseStatus.Resolved),
            Due => q.Where(c => c.Status < CaseStatus.Resolved &&
                (c.ResolutionDue < soon || c.LegalDue < soon || (c.FirstRespondedAt == null && c.FirstResponseDue < soon))),
            Waiting => q.Where(c => c.Status == CaseStatus.PendingCitizen),
            Emergencies => q.Where(c => c.Priority == Priority.Emergency && c.Status < CaseStatus.Resolved),
            All => q,
            _ => null,
        };
    }
}
