using Ghiseu.Data;
using Ghiseu.Features.Cases;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Desk;

public sealed record AgentLoad(Guid Id, string Name, int Open, int Overdue);

public sealed record QueueLoad(Guid Id, string Code, string Name, string Unit, int Open, int Unassigned, int Overdue);

public sealed record WorkloadDto(int Open, int Unassigned, int Overdue, IReadOnlyList<AgentLoad> Agents, IReadOnlyList<QueueLoad> Queues);

/// <summary>The supervisor's picture of open work in their units: per agent, per queue, unassigned and overdue.</summary>
public sealed class Workload(GhiseuDb db, TimeProvider clock)
{
    public async Task<WorkloadDto> GetAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Scoped by the query filter; "open" is written as one range so the partial index on open cases serves it.
        var open = db.Cases.AsNoTracking().Where(c => c.Status < CaseStatus.Resolved);
        var rows = await open
            .GroupBy(c => new { c.AssigneeId, c.QueueId })
            .Select(g => new
            {
                g.Key.AssigneeId, g.Key.QueueId, Count = g.Count(),
                Overdue = g.Count(c => c.ResolutionDue < now || c.LegalDue < now || (c.FirstRespondedAt == null && c.FirstResponseDue < now)),
            })
            .ToListAsync(ct);
        var staffIds = rows.Where(r => r.AssigneeId != null).Select(r => r.AssigneeId!.Value).Distinct().ToList();
        var queueIds = rows.Where(r => r.QueueId != null).Select(r => r.QueueId!.Value).Distinct().ToList();
        var names = staffIds.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => staffIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var queues = queueIds.Count == 0 ? [] : await db.Queues.AsNoTracking().Include(q => q.Unit).Where(q => queueIds.Contains(q.Id))
            .ToDictionaryAsync(q => q.Id, ct);
        var agents = rows.Where(r => r.AssigneeId != null).GroupBy(r => r.AssigneeId!.Value)
            .Select(g => new AgentLoad(g.Key, names.GetValueOrDefault(g.Key, "?"), g.Sum(r => r.Count), g.Sum(r => r.Overdue)))
            .OrderByDescending(a => a.Open).ToList();
        var perQueue = rows.Where(r => r.QueueId != null && queues.ContainsKey(r.QueueId.Value)).GroupBy(r => r.QueueId!.Value)
            .Select(g => new QueueLoad(g.Key, queues[g.Key].Code, queues[g.Key].Name, queues[g.Key].Unit?.Code ?? "?",
                g.Sum(r => r.Count), g.Where(r => r.AssigneeId == null).Sum(r => r.Count), g.Sum(r => r.Overdue)))
            .OrderBy(q => q.Unit).ThenBy(q => q.Code).ToList();
        return new WorkloadDto(rows.Sum(r => r.Count), rows.Where(r => r.AssigneeId == null).Sum(r => r.Count),
            rows.Sum(r => r.Overdue), agents, perQueue);
    }
}
