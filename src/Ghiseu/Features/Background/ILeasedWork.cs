using Ghiseu.Data;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Background;

/// <summary>
/// A table whose rows are worked under a lease (the outbox, inbound mail, scheduled jobs). At start a
/// node gives back the leases its previous run left, so its unfinished work goes on at once.
/// </summary>
public interface ILeasedWork
{
    /// <summary>Names the work in logs.</summary>
    string Name { get; }

    /// <summary>Clears every lease that <see cref="NodeIdentity.IsEarlierRun"/> owns; returns how many.</summary>
    Task<int> ReleaseEarlierRunsAsync(GhiseuDb db, NodeIdentity node, CancellationToken ct);
}

/// <summary>A row worked under a lease: who holds it (<c>node/run/pass</c>) and until when.</summary>
public interface ILeasedRow
{
    string? LeasedBy { get; set; }
    DateTimeOffset? LeaseUntil { get; set; }
}

public static class LeasedRows
{
    /// <summary>Clears the leases of these rows that an earlier run of this node holds; returns how many.</summary>
    public static Task<int> ReleaseEarlierRunsAsync<T>(IQueryable<T> rows, NodeIdentity node, CancellationToken ct) where T : class, ILeasedRow =>
        rows.Where(r => r.LeasedBy != null && r.LeasedBy.StartsWith(node.NamePrefix) && !r.LeasedBy.StartsWith(node.RunPrefix))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeasedBy, (string?)null).SetProperty(r => r.LeaseUntil, (DateTimeOffset?)null), ct);
}
