using Ghiseu.Features.Background;

namespace Ghiseu.Features.Events;

/// <summary>
/// Runs one subscriber as a scheduled job (<c>events.NAME</c>), so exactly one node delivers to it
/// and a failure backs off without touching other subscribers. Each run hands over up to a batch of
/// events, one at a time, and records the position once after the batch, or after the last event
/// handled when one fails: the failing event is the first of the next run.
/// </summary>
public sealed class SubscriberJob(ICaseEventSubscriber subscriber, CaseEventLog log, IConfiguration config) : IScheduledJob
{
    public const string Prefix = "events.";

    public string Name => Prefix + subscriber.Name;

    public bool Enabled => true;

    private int Batch => config.GetValue("Ghiseu:Events:BatchSize", 500);
    private TimeSpan Idle => TimeSpan.FromMilliseconds(config.GetValue("Ghiseu:Events:PollMilliseconds", 500));

    public async Task<TimeSpan> RunAsync(CancellationToken ct)
    {
        var at = await log.SubscriptionAsync(subscriber.Name, subscriber.FromTheStart, ct);
        var position = (at.TransactionId, at.EventId);
        var events = await log.AfterAsync(position.TransactionId, position.EventId, Batch, ct);
        CaseEvent? handled = null;
        try
        {
            foreach (var e in events)
            {
                await subscriber.HandleAsync(e, ct);
                handled = e;
            }
        }
        finally
        {
            // A replay that moved the position meanwhile wins: the next run starts there.
            if (handled is not null) await log.AdvanceAsync(subscriber.Name, position, handled, CancellationToken.None);
        }
        return events.Count == Batch ? TimeSpan.Zero : Idle;
    }
}
