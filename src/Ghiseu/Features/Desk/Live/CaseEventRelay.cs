using Ghiseu.Data;
using Ghiseu.Features.Units;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Desk.Live;

/// <summary>
/// Relays committed case changes (<see cref="DeskEvents.CaseCommitted"/>, raised right after the commit)
/// to the hub clients of the case's unit, and to those who see every unit. Nothing reaches a
/// connection of another unit: the group is the unit. Only what this process committed is relayed;
/// with several nodes, the Redis backplane carries it to clients connected elsewhere.
/// </summary>
public sealed class CaseEventRelay(DeskEvents events, IHubContext<DeskHub> hub, IDbContextFactory<GhiseuDb> factory, UnitDirectory units,
    ILogger<CaseEventRelay> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        events.CaseCommitted += OnCommitted;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        events.CaseCommitted -= OnCommitted;
        return Task.CompletedTask;
    }

    // Raised on the committing request's thread: the push runs on its own so the request does not wait.
    // The values are taken now, while the saved case is as it was committed.
    private void OnCommitted(CaseCommit commit) => _ = RelayAsync(commit.Case, commit.Created,
        commit.Saved is { } c ? new Snapshot(c.Id, c.RegistrationNumber, c.UnitId, c.Status, c.UpdatedAt) : null);

    private sealed record Snapshot(Guid Id, string RegistrationNumber, Guid UnitId, Cases.CaseStatus Status, DateTimeOffset UpdatedAt);

    private async Task RelayAsync(Guid caseId, bool created, Snapshot? saved)
    {
        try
        {
            var c = saved ?? await ReadAsync(caseId);
            if (c is null) return;
            var tree = await units.GetAsync();
            var e = new CaseEvent(created ? "created" : "changed", c.Id, c.RegistrationNumber,
                tree.ById.TryGetValue(c.UnitId, out var u) ? u.Code : "?", Json.Name(c.Status), c.UpdatedAt);
            await hub.Clients.Groups(DeskHub.UnitGroup(c.UnitId), DeskHub.AllUnits).SendAsync("caseChanged", e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.LogWarning(e, "Could not relay a change of case {CaseId} to desk clients", caseId);
        }
    }

    /// <summary>A change made without the case in hand (a bulk update): read what was committed.</summary>
    private async Task<Snapshot?> ReadAsync(Guid caseId)
    {
        await using var db = await factory.CreateDbContextAsync();
        return await db.Cases.AsNoTracking().Where(x => x.Id == caseId)
            .Select(x => new Snapshot(x.Id, x.RegistrationNumber, x.UnitId, x.Status, x.UpdatedAt)).FirstOrDefaultAsync();
    }
}