using Ghiseu.Data;

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
