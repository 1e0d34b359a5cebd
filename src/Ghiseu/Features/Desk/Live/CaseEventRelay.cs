using System.Text.Json;
using Ghiseu.Data;
using Ghiseu.Features.Outbox;
using Ghiseu.Features.Units;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Desk.Live;

/// <summary>
/// Relays committed <c>case.created</c> / <c>case.changed</c> outbox messages to the desk clients of the
/// case's unit (and to those who see every unit). Nothing reaches a connection of another unit: the
/// group is the unit. The outbox dispatcher polls every second, so a change shows within about one.
/// </summary>
public sealed class CaseEventRelay(string type, IHubContext<DeskHub> hub, IDbContextFactory<GhiseuDb> factory, UnitDirectory units) : IOutboxHandler
{
    public string Type => type;

    public async Task HandleAsync(OutboxMessage message, CancellationToken ct)
    {
        using var payload = JsonDocument.Parse(message.Payload);
        if (!payload.RootElement.TryGetProperty("caseId", out var idElement) || !idElement.TryGetGuid(out var caseId)) return;
        await using var db = await factory.CreateDbContextAsync(ct);
        var c = await db.Cases.AsNoTracking().Where(x => x.Id == caseId)
            .Select(x => new { x.Id, x.RegistrationNumber, x.UnitId, x.Status, x.UpdatedAt }).FirstOrDefaultAsync(ct);
        if (c is null) return;
        var tree = await units.GetAsync(ct);
        var e = new CaseEvent(type == OutboxTypes.CaseCreated ? "created" : "changed", c.Id, c.RegistrationNumber,
            tree.ById.TryGetValue(c.UnitId, out var u) ? u.Code : "?", Json.Name(c.Status), c.UpdatedAt);
        await hub.Clients.Groups(DeskHub.UnitGroup(c.UnitId), DeskHub.AllUnits).SendAsync("caseChanged", e, ct);
    }
}
