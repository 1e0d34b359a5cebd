using System.Text.Json;
using Ghiseu.Data;
using Ghiseu.Features.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Notifications;

/// <summary>
/// Delivers notify.email and notify.sms outbox messages and records the outcome on the case's
/// timeline: "sent", or "failed: reason" while the outbox keeps retrying with backoff.
/// </summary>
public abstract class DeliveryHandler(IDbContextFactory<GhiseuDb> factory) : IOutboxHandler
{
    public abstract string Type { get; }

    protected abstract Task SendAsync(NotificationPayload payload, CancellationToken ct);

    public async Task HandleAsync(OutboxMessage message, CancellationToken ct)
    {
        var payload = JsonSerializer.Deserialize<NotificationPayload>(message.Payload, Json.Options)
            ?? throw new InvalidOperationException("Empty notification payload.");
        string state;
        try
        {
            await SendAsync(payload, ct);
            state = "sent";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await MarkAsync(payload.InteractionId, $"failed: {e.Message}", ct);
            throw;
        }
        await MarkAsync(payload.InteractionId, state, ct);
    }

    private async Task MarkAsync(Guid interactionId, string state, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var value = state.Length > 300 ? state[..300] : state;
        // A bounce may be recorded before the sender's "sent": it is the later truth, keep it.
        await db.Interactions.Where(i => i.Id == interactionId && (i.DeliveryState == null || !EF.Functions.Like(i.DeliveryState, "bounced%")))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.DeliveryState, value), ct);
    }
}

public sealed class EmailDeliveryHandler(IDbContextFactory<GhiseuDb> factory, EmailSender sender, IEnumerable<IOutgoingEmailDecorator> decorators)
    : DeliveryHandler(factory)
{
    public override string Type => Notifier.EmailType;

    protected override async Task SendAsync(NotificationPayload payload, CancellationToken ct)
    {
        var message = sender.Build(payload.To, payload.Subject ?? "", payload.Body);
        foreach (var d in decorators) await d.DecorateAsync(message, payload, ct);
        await sender.SendAsync(message, ct);
    }
}

public sealed class SmsDeliveryHandler(IDbContextFactory<GhiseuDb> factory, SmsGateway gateway) : DeliveryHandler(factory)
{
    public override string Type => Notifier.SmsType;

    protected override Task SendAsync(NotificationPayload payload, CancellationToken ct) => gateway.SendAsync(payload.To, payload.Body, ct);
}
