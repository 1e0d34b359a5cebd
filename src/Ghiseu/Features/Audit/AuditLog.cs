using Ghiseu.Data;

namespace Ghiseu.Features.Audit;

/// <summary>Records what staff read, export or download; changes are recorded by <see cref="AuditInterceptor"/>.</summary>
public sealed class AuditLog(GhiseuDb db, TimeProvider clock)
{
    public async Task RecordAsync(string action, string entityType, string? entityId, Guid? unitId = null,
        string? details = null, CancellationToken ct = default)
    {
        var who = db.Actor;
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(), UserId = who.UserId, UserName = who.Name, IpAddress = who.Ip,
            Action = action, EntityType = entityType, EntityId = entityId, UnitId = unitId, Details = details,
        });
        await db.SaveChangesAsync(ct);
    }
}
