using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ghiseu.Features.Events;

/// <summary>
/// Something that happened to a case, written in the same transaction as the change itself (see
/// <see cref="CaseEventInterceptor"/>), kept for <c>Ghiseu:Events:RetentionDays</c> and delivered to
/// each subscriber in order (<see cref="SubscriberJob"/>).
/// </summary>
public sealed class CaseEvent
{
    public long Id { get; set; }

    /// <summary>
    /// The writing transaction's id on PostgreSQL (0 on SQLite, whose single writer commits in id
    /// order). Subscribers read in (transaction, id) order and only below the oldest transaction
    /// still running, so an event committed late by a longer transaction is never skipped.
    /// </summary>
    public long TransactionId { get; set; }

    /// <summary>One of <see cref="CaseEventTypes"/>.</summary>
    public required string Type { get; set; }

    public Guid CaseId { get; set; }
    public Guid UnitId { get; set; }
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>The event's details as JSON (see the records in <see cref="CaseEventTypes"/>).</summary>
    public string Data { get; set; } = "{}";

    public T Read<T>() => JsonSerializer.Deserialize<T>(Data, Ghiseu.Data.Json.Options)!;
}

/// <summary>The event types and the shape of their data.</summary>
public static class CaseEventTypes
{
    public const string Created = "case.created";
    public const string Changed = "case.changed";
    public const string StatusChanged = "case.status-changed";
    public const string Assigned = "case.assigned";
    public const string DeadlineChanged = "case.deadline-changed";
    public const string Merged = "case.merged";
    public const string InteractionAdded = "case.interaction-added";

    public static readonly string[] All = [Created, Changed, StatusChanged, Assigned, DeadlineChanged, Merged, InteractionAdded];

    public sealed record CreatedData(string RegistrationNumber, Cases.Channel Channel, Guid CategoryId, Cases.Priority Priority);
    public sealed record ChangedData(IReadOnlyList<string> Fields);
    public sealed record StatusChangedData(Cases.CaseStatus From, Cases.CaseStatus To);
    public sealed record AssignedData(Guid? From, Guid? To);
    public sealed record DeadlineChangedData(string Deadline, DateTimeOffset? From, DateTimeOffset? To);
    public sealed record MergedData(Guid Into);
    public sealed record InteractionAddedData(Guid InteractionId, Cases.InteractionKind Kind, Cases.Direction Direction, bool Public);
}

internal sealed class CaseEventConfiguration : IEntityTypeConfiguration<CaseEvent>
{
    public void Configure(EntityTypeBuilder<CaseEvent> b)
    {
        b.HasKey(e => e.Id);
        // Never reuse an id on SQLite, even once retention has emptied the table: positions point past it.
        b.Property(e => e.Id).HasAnnotation("Sqlite:Autoincrement", true);
        // PostgreSQL fills it with the writing transaction's id (migration CaseEvents); SQLite keeps 0.
        b.Property(e => e.TransactionId).HasDefaultValue(0L).ValueGeneratedOnAdd();
        b.Property(e => e.Type).HasMaxLength(40);
        b.HasIndex(e => new { e.TransactionId, e.Id });
        b.HasIndex(e => e.OccurredAt);
    }
}
