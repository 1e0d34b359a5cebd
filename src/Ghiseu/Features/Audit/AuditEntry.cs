namespace Ghiseu.Features.Audit;

/// <summary>Who did or viewed what, when, from where. Append-only: the database refuses updates and deletes.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? UserId { get; set; }
    public string? UserName { get; set; }
    public string? IpAddress { get; set; }

    /// <summary>create, update, delete, read, list, export, download, login, login-failed…</summary>
    public required string Action { get; set; }

    public required string EntityType { get; set; }
    public string? EntityId { get; set; }

    /// <summary>Unit of the entity, so auditors of a unit can be given their part of the trail.</summary>
    public Guid? UnitId { get; set; }

    /// <summary>JSON of the changed fields (old and new values) or of the query.</summary>
    public string? Details { get; set; }
}
