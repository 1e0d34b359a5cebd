namespace Ghiseu.Data;

/// <summary>
/// Who is acting in an interactive (Blazor Server) session. A circuit outlives the HTTP request that
/// opened it, so neither the request's unit scope nor its user can be read from HttpContext there;
/// the desk's circuit handler fills this in when the circuit opens and keeps it current.
/// </summary>
public sealed class CircuitIdentity
{
    /// <summary>True in a circuit: the data context then sees only <see cref="Scope"/>, never the system scope.</summary>
    public bool InCircuit { get; set; }

    public AccessScope Scope { get; set; } = AccessScope.None;

    public AuditActor? AuditActor { get; set; }

    /// <summary>The signed-in staff member with their roles, so each desk change can check the role's policy.</summary>
    public System.Security.Claims.ClaimsPrincipal? User { get; set; }
}
