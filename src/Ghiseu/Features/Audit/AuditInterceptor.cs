using System.Text.Json;
using Ghiseu.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Ghiseu.Features.Audit;

/// <summary>
/// Writes an audit entry for every insert, update and delete, in the same transaction as the change,
/// and refuses any change to existing audit entries.
/// </summary>
public sealed class AuditInterceptor(IOptions<AuditRules> options, TimeProvider clock) : SaveChangesInterceptor, IAuditTrail
{
    private readonly AuditRules rules = options.Value;

    // Values that are derived (a case's search text and version), secret or noise in an audit trail.
    private static readonly HashSet<string> Skipped =
    [
        "SearchText", "Version", "PasswordHash", "SecurityStamp", "ConcurrencyStamp",
        "Hash", "ProtectedSecret", "SearchName", "NormalizedEmail", "NormalizedUserName", "LastTotpStep", "AccessFailedCount", "LastUsedAt",
    ];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is GhiseuDb db) Capture(db);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is GhiseuDb db) Capture(db);
        return base.SavingChanges(eventData, result);
    }

    private void Capture(GhiseuDb db)
    {
        if (db.AuditDisabled) return;
        db.ChangeTracker.DetectChanges();
        var who = db.Actor;
        var now = clock.GetUtcNow();
        var entries = new List<AuditEntry>();
        var tracked = db.ChangeTracker.Entries().ToList();
        var saved = tracked.ConvertAll(e => e.Entity);
        foreach (var entry in tracked)
        {
            if (entry.Entity is AuditEntry)
            {
                if (entry.State is EntityState.Modified or EntityState.Deleted)
                    throw new InvalidOperationException("The audit trail is append-only.");
                continue;
            }
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            if (entry.Metadata.IsOwned() || !rules.Audited(entry.Entity, who)) continue;
            var details = Describe(entry);
            if (details is null) continue;
            entries.Add(new AuditEntry
            {
                At = now, UserId = who.UserId, UserName = who.Name, IpAddress = who.Ip,
                Action = entry.State switch { EntityState.Added => "create", EntityState.Deleted => "delete", _ => "update" },
                EntityType = entry.Metadata.ClrType.Name,
                EntityId = entry.Properties.FirstOrDefault(p => p.Metadata.IsPrimaryKey())?.CurrentValue?.ToString(),
                UnitId = rules.UnitOf(entry.Entity, saved),
                Details = details,
            });
        }
        db.AuditEntries.AddRange(entries);
    }

    private static string? Describe(EntityEntry entry)
    {
        var changes = new Dictionary<string, object?>();
        foreach (var p in entry.Properties)
        {
            if (Skipped.Contains(p.Metadata.Name)) continue;
            if (entry.State == EntityState.Modified && !p.IsModified) continue;
            if (entry.State == EntityState.Modified && Equals(p.OriginalValue, p.CurrentValue)) continue;
            changes[Json.Naming.ConvertName(p.Metadata.Name)] = entry.State switch
            {
                EntityState.Added => Value(p.CurrentValue),
                EntityState.Deleted => Value(p.OriginalValue),
                _ => new { from = Value(p.OriginalValue), to = Value(p.CurrentValue) },
            };
        }
        return entry.State == EntityState.Modified && changes.Count == 0 ? null : JsonSerializer.Serialize(changes, Json.Options);
    }

    /// <summary>
    /// A long text (a message, a description) is recorded by its length and SHA-256, not copied: the
    /// text itself stays with its entity, where erasure and retention reach it, and a trail of every
    /// message's full text would be most of the database's writes. The hash still proves which text it was.
    /// </summary>
    internal static object? Value(object? value) => value is string { Length: > LongText } text
        ? new { length = text.Length, sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))) }
        : value;

    internal const int LongText = 1000;
}
