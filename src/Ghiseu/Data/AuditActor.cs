using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Ghiseu.Data;

/// <summary>The person and address behind a change or a read, as the audit trail records them.</summary>
public sealed record AuditActor(Guid? UserId, string? Name, string? Ip)
{
    /// <summary>Work no person asked for: a job, a worker, start-up.</summary>
    public static readonly AuditActor System = new(null, "system", null);
}

/// <summary>
/// Who acts in whatever runs now, for the contexts of this process. The web layer answers it from the
/// current request (see Web/RequestActor); without a web layer, or outside a request, no one does and
/// the actor is <see cref="AuditActor.System"/>. Features read the answer as <see cref="GhiseuDb.Actor"/>
/// and never see where it came from.
/// </summary>
public interface IAmbientActor
{
    AuditActor? Current { get; }
}

/// <summary>
/// The save interceptor that writes the audit trail. Data runs it before any other interceptor, so
/// rows the others add (events, live updates) are not audited as someone's change.
/// </summary>
public interface IAuditTrail : ISaveChangesInterceptor;
