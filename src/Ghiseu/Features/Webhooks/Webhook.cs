using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ghiseu.Features.Webhooks;

/// <summary>
/// An integrator's receiver of case events: a URL, the event types it wants and the units whose
/// cases it hears of (none: every unit, which only a system administrator may register).
/// </summary>
public sealed class Webhook
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Url { get; set; }
    public string? Description { get; set; }

    /// <summary>Event types without the <c>case.</c> prefix, comma-separated (created,status-changed).</summary>
    public required string EventTypes { get; set; }

    /// <summary>Unit ids, comma-separated; null for every unit.</summary>
    public string? UnitIds { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>Why the hook was turned off by Ghiseu itself (the receiver answered 410 Gone).</summary>
    public string? DisabledReason { get; set; }

    /// <summary>The signing secret, encrypted with the data-protection keys; shown once when made.</summary>
    public required string ProtectedSecret { get; set; }

    public Guid? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public IReadOnlyList<string> Types => EventTypes.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyList<Guid> Units => UnitIds is null ? [] : [.. UnitIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse)];
}

public enum DeliveryState { Pending, Delivered, Failed }

/// <summary>One event to send to one hook, with the exact body signed at every attempt.</summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid WebhookId { get; set; }
    public long EventId { get; set; }
    public required string EventType { get; set; }
    public required string Payload { get; set; }
    public DeliveryState State { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}

/// <summary>One try at a delivery: what the receiver answered, or why there was no answer.</summary>
public sealed class WebhookAttempt
{
    public long Id { get; set; }
    public Guid DeliveryId { get; set; }
    public Guid WebhookId { get; set; }
    public DateTimeOffset At { get; set; }
    public int? StatusCode { get; set; }
    public int DurationMs { get; set; }
    public string? Error { get; set; }

    /// <summary>The start of the receiver's answer (<c>Ghiseu:Webhooks:ResponseChars</c>).</summary>
    public string? Response { get; set; }
}

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> b)
    {
        b.ToTable("Webhooks");
        b.HasKey(w => w.Id);
        b.Property(w => w.Url).HasMaxLength(2000);
        b.Property(w => w.Description).HasMaxLength(200);
        b.Property(w => w.EventTypes).HasMaxLength(200);
        b.Property(w => w.UnitIds).HasMaxLength(4000);
        b.Property(w => w.DisabledReason).HasMaxLength(300);
        b.Property(w => w.ProtectedSecret).HasMaxLength(1000);
        b.Ignore(w => w.Types);
        b.Ignore(w => w.Units);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.ToTable("WebhookDeliveries");
        b.HasKey(d => d.Id);
        b.Property(d => d.EventType).HasMaxLength(40);
        b.HasOne<Webhook>().WithMany().HasForeignKey(d => d.WebhookId).OnDelete(DeleteBehavior.Cascade);
        // The sender's question: what is due, hook by hook.
        b.HasIndex(d => new { d.State, d.WebhookId, d.NextAttemptAt });
        b.HasIndex(d => new { d.WebhookId, d.CreatedAt });
        b.HasIndex(d => d.CreatedAt);
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> b)
    {
        b.ToTable("WebhookAttempts");
        b.HasKey(a => a.Id);
        b.Property(a => a.Error).HasMaxLength(1000);
        b.Property(a => a.Response).HasMaxLength(4000);
        b.HasOne<WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => a.DeliveryId);
        b.HasIndex(a => new { a.WebhookId, a.Id });
    }
}
