using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ghiseu.Features.Events;

/// <summary>How far one subscriber has read the case events: the last (transaction, id) it handled.</summary>
public sealed class EventSubscription
{
    public required string Name { get; set; }
    public long TransactionId { get; set; }
    public long EventId { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class EventSubscriptionConfiguration : IEntityTypeConfiguration<EventSubscription>
{
    public void Configure(EntityTypeBuilder<EventSubscription> b)
    {
        b.HasKey(s => s.Name);
        b.Property(s => s.Name).HasMaxLength(80);
    }
}

/// <summary>
/// Reacts to case events. Each subscriber reads at its own position on exactly one node at a time,
/// and is retried (with growing waits) from the first event it failed on, without holding up any
/// other subscriber. Delivery is at least once: an event handled just before a crash may come again.
/// </summary>
public interface ICaseEventSubscriber
{
    /// <summary>Unique and stable: the subscription's row.</summary>
    string Name { get; }

    /// <summary>A new subscriber starts with the events still kept (true) or with those after it appears (false).</summary>
    bool FromTheStart { get; }

    Task HandleAsync(CaseEvent e, CancellationToken ct);
}
