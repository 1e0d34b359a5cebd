namespace Ghiseu.Features.Identity;

/// <summary>Staff roles and the authorization policies built on them.</summary>
public static class Roles
{
    public const string Agent = "Agent";
    public const string Supervisor = "Supervisor";
    public const string UnitAdmin = "UnitAdmin";
    public const string SystemAdmin = "SystemAdmin";
    public const string Auditor = "Auditor";

    /// <summary>Edits and publishes the whole knowledge base: articles of every unit and those for every unit.</summary>
    public const string KnowledgeEditor = "KnowledgeEditor";

    /// <summary>Fixed, because the role is created by a migration rather than at first start.</summary>
    public static readonly Guid KnowledgeEditorId = new("0193a1c4-5e00-7000-8000-00000000ed17");

    public static readonly string[] All = [Agent, Supervisor, UnitAdmin, SystemAdmin, Auditor, KnowledgeEditor];

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

    /// <summary>May write knowledge-base articles: case workers and knowledge editors.</summary>
    public const string KnowledgePolicy = "knowledge";

    /// <summary>May merge citizens and act on several cases at once.</summary>
    public const string SupervisorPolicy = "supervisor";
}
