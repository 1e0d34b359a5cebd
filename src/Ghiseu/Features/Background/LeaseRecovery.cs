using Ghiseu.Data;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Background;

/// <summary>
/// At start, before any worker takes work: proves the node's name is not in use by a live process
/// and gives back every lease the node's earlier runs left, so a node restarted after a crash goes on
/// with its own unfinished work at once. Leases of other nodes still run out first: only their
/// holder knows whether they are still being worked.
/// </summary>
public sealed class LeaseRecovery(NodeIdentity node, NodeNameLock nameLock, IEnumerable<ILeasedWork> work,
    IDbContextFactory<GhiseuDb> factory, ILogger<LeaseRecovery> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var ct = cancellationToken;
        try
        {
            if (!await nameLock.TryTakeAsync(ct))
            {
                log.LogWarning("Another running process uses the node name {Node}; give each node its own {Key}. Leases of earlier runs end by themselves.",
                    node.Name, NodeIdentity.NameKey);
                return;
            }
            await using var db = await factory.CreateDbContextAsync(ct);
            foreach (var w in work)
            {
                var released = await w.ReleaseEarlierRunsAsync(db, node, ct);
                if (released > 0) log.LogInformation("Took back {Count} leases of {Work} left by an earlier run of node {Node}", released, w.Name, node.Name);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not fatal: the leases end by themselves.
            log.LogWarning(e, "Taking back the leases of earlier runs failed");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
