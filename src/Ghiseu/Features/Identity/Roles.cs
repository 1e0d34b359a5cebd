namespace Ghiseu.Features.Identity;

/// <summary>Staff roles and the authorization policies built on them.</summary>
public static class Roles
{
    public const string Agent = "Agent";
    public const string Supervisor = "Supervisor";
    public const string UnitAdmin = "UnitAdmin";
    public const string SystemAdmin = "SystemAdmin";
    public const string Auditor = "Auditor";

    public static readonly string[] All = [Agent, Supervisor, UnitAdmin, SystemAdmin, Auditor];

    /// <summary>The roles that may change cases and be assigned them; auditors only read.</summary>
    public static readonly string[] CaseWorkers = [Agent, Supervisor, UnitAdmin, SystemAdmin];

    /// <summary>Any signed-in staff member.</summary>
    public const string StaffPolicy = "staff";

    /// <summary>May change cases: agents, supervisors and administrators (auditors only read).</summary>
    public const string CaseWorkPolicy = "case-work";

    /// <summary>May edit categories and queues of their units.</summary>
    public const string UnitAdminPolicy = "unit-admin";

    /// <summary>May edit units and staff of the whole system.</summary>
    public const string SystemAdminPolicy = "system-admin";

    /// <summary>May read the audit trail.</summary>
    public const string AuditPolicy = "audit";

    /// <summary>May merge citizens and act on several cases at once.</summary>
    public const string SupervisorPolicy = "supervisor";
}
