using System.Security.Claims;
using System.Text.Json;
using Ghiseu.Data;
using Ghiseu.Features.Attachments;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Categories;
using Ghiseu.Features.Citizens;
using Ghiseu.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Ghiseu.Features.Audit;

/// <summary>
/// Writes an audit entry for every insert, update and delete, in the same transaction as the change,
/// and refuses any change to existing audit entries.
/// </summary>
public sealed class AuditInterceptor(IHttpContextAccessor http, TimeProvider clock) : SaveChangesInterceptor
{
    // Values that are derived, secret or noise in an audit trail.
    private static readonly HashSet<string> Skipped =
    [
        nameof(Case.SearchText), nameof(Case.Version), "PasswordHash", "SecurityStamp", "ConcurrencyStamp",
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
        var who = db.ActorSource() ?? AuditActor.From(http.HttpContext);
        var now = clock.GetUtcNow();
        var entries = new List<AuditEntry>();
        var tracked = db.ChangeTracker.Entries().ToList();
        foreach (var entry in tracked)
        {
            if (entry.Entity is AuditEntry)
            {
                if (entry.State is EntityState.Modified or EntityState.Deleted)
                    throw new InvalidOperationException("The audit trail is append-only.");
                continue;
            }
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            if (entry.Metadata.IsOwned() || !Audited(entry.Entity, who)) continue;
            var details = Describe(entry);
            if (details is null) continue;
            entries.Add(new AuditEntry
            {
                At = now, UserId = who.UserId, UserName = who.Name, IpAddress = who.Ip,
                Action = entry.State switch { EntityState.Added => "create", EntityState.Deleted => "delete", _ => "update" },
                EntityType = entry.Metadata.ClrType.Name,
                EntityId = entry.Properties.FirstOrDefault(p => p.Metadata.IsPrimaryKey())?.CurrentValue?.ToString(),
                UnitId = UnitOf(entry.Entity, tracked),
                Details = details,
            });
        }
        db.AuditEntries.AddRange(entries);
    }

    /// <summary>
    /// What the trail leaves out: bookkeeping with no one's intent in it, and the two logs that keep
    /// their own record. The outbox is written only by the system; the mail intake log records what the
    /// system did with each message (received, state, outcome, case), while a person's action on it (a
    /// retry, a release from quarantine or spam) is audited.
    /// </summary>
    private static bool Audited(object entity, AuditActor who) => entity switch
    {
        Idempotency.IdempotencyRecord or Outbox.OutboxMessage or RegistrationCounter or Microsoft.AspNetCore.Identity.IdentityUserToken<Guid> => false,
        Channels.Email.InboundEmail => who.UserId is not null,
        // A version row repeats the article's audited update (its new values) under a number.
        Knowledge.ArticleVersion => false,
        _ => true,
    };

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

    /// <summary>The unit whose auditors may see the entry; null shows it to every auditor.</summary>
    private static Guid? UnitOf(object entity, List<EntityEntry> tracked) => entity switch
    {
        Case c => c.UnitId,
        Interaction i => i.UnitId,
        Attachment a => a.UnitId,
        Queue q => q.UnitId,
        Category c => c.UnitId,
        Unit u => u.Id,
        Knowledge.Article a => a.UnitId,
        Citizen p => CitizenUnit(p.Id, tracked),
        ContactPoint p => CitizenUnit(p.CitizenId, tracked),
        Referral r => CaseUnit(r.CaseId, tracked),
        CaseLink l => CaseUnit(l.CaseId, tracked),
        _ => null,
    };

    // A citizen has no unit of its own: the one that recorded it, else that of a case saved with it.
    private static Guid? CitizenUnit(Guid citizenId, List<EntityEntry> tracked) =>
        tracked.Select(e => e.Entity).OfType<Citizen>().FirstOrDefault(p => p.Id == citizenId)?.CreatedInUnitId
        ?? tracked.Select(e => e.Entity).OfType<Case>().FirstOrDefault(c => c.CitizenId == citizenId)?.UnitId;

    private static Guid? CaseUnit(Guid caseId, List<EntityEntry> tracked) =>
        tracked.Select(e => e.Entity).OfType<Case>().FirstOrDefault(c => c.Id == caseId)?.UnitId;
}

/// <summary>The person and address behind the current request, as the audit trail records them.</summary>
public sealed record AuditActor(Guid? UserId, string? Name, string? Ip)
{
    public static AuditActor From(HttpContext? http)
    {
        if (http is null) return new AuditActor(null, "system", null);
        var user = http.User;
        Guid? id = Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var g) ? g : null;
        return new AuditActor(id, user.Identity?.IsAuthenticated == true ? user.Identity.Name : "anonymous",
            http.Connection.RemoteIpAddress?.ToString());
    }
}
