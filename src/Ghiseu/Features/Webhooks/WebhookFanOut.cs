using System.Text.Json.Nodes;
using Ghiseu.Data;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Events;
using Ghiseu.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Ghiseu.Features.Webhooks;

/// <summary>
/// The one subscriber of case events for every hook (<c>events.webhooks</c>): it only writes, per
/// event, a delivery for each enabled hook that wants it, with the body to send. Sending is the
/// sender's (<see cref="WebhookSender"/>), hook by hook, so a slow receiver never holds up the log
/// or another receiver. See decision 029.
/// </summary>
public sealed class WebhookFanOut(IDbContextFactory<GhiseuDb> factory, IServiceScopeFactory scopes, UnitDirectory units,
    IMemoryCache cache, TimeProvider clock) : ICaseEventSubscriber
{
    public string Name => "webhooks";

    // Hooks hear of what happens after they are registered; a replay of the subscription reaches back.
    public bool FromTheStart => false;

    public async Task HandleAsync(CaseEvent e, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var type = e.Type.StartsWith("case.", StringComparison.Ordinal) ? e.Type[5..] : e.Type;
        var hooks = (await db.Set<Webhook>().AsNoTracking().Where(w => w.Enabled && w.CreatedAt <= e.OccurredAt).ToListAsync(ct))
            .Where(w => w.Types.Contains(type) && (w.UnitIds is null || w.Units.Contains(e.UnitId))).ToList();
        if (hooks.Count == 0) return;
        var payload = await PayloadAsync(e, ct);
        var now = clock.GetUtcNow();
        foreach (var hook in hooks)
            db.Set<WebhookDelivery>().Add(new WebhookDelivery
            {
                WebhookId = hook.Id, EventId = e.Id, EventType = e.Type, Payload = payload, CreatedAt = now, NextAttemptAt = now,
            });
        // The delivery log is its own record, written by Ghiseu alone: not an audited change.
        db.AuditDisabled = true;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The body: the event and the case's registration number and unit, never the case's contents or
    /// the citizen; a receiver reads more through the API with a token limited to its units.
    /// </summary>
    public async Task<string> PayloadAsync(CaseEvent e, CancellationToken ct)
    {
        var tree = await units.GetAsync(ct);
        var data = JsonNode.Parse(e.Data)?.AsObject() ?? [];
        var number = data["registrationNumber"]?.GetValue<string>() ?? await RegistrationNumberAsync(e.CaseId, ct);
        if (e.Type == CaseEventTypes.Changed && data["fields"] is JsonArray fields)
            data["fields"] = new JsonArray([.. fields.Select(f => (JsonNode?)Json.Naming.ConvertName(f!.GetValue<string>()))]);
        if (e.Type == CaseEventTypes.DeadlineChanged && data["deadline"] is JsonValue deadline)
            data["deadline"] = Json.Naming.ConvertName(deadline.GetValue<string>());
        data.Remove("registrationNumber");
        var body = new JsonObject
        {
            ["id"] = e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["type"] = e.Type,
            ["occurredAt"] = e.OccurredAt,
            ["case"] = new JsonObject
            {
                ["id"] = e.CaseId, ["registrationNumber"] = number, ["unit"] = tree.ById.TryGetValue(e.UnitId, out var u) ? u.Code : null,
            },
            ["data"] = data,
        };
        return body.ToJsonString(Json.Options);
    }

    // A registration number never changes: remembered for a while, as events of one case come together.
    private async Task<string?> RegistrationNumberAsync(Guid caseId, CancellationToken ct)
    {
        if (cache.TryGetValue(("webhooks.number", caseId), out string? known)) return known;
        await using var scope = scopes.CreateAsyncScope();
        var found = await scope.ServiceProvider.GetRequiredService<CaseReader>().FindAsync(caseId.ToString(), ct);
        if (found is not null) cache.Set(("webhooks.number", caseId), found.RegistrationNumber, TimeSpan.FromMinutes(10));
        return found?.RegistrationNumber;
    }
}
