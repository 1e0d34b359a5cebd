using Ghiseu.Data;
using Ghiseu.Features.Cases;

namespace Ghiseu.Features.Desk.Pages;

/// <summary>
/// Addresses of the inbox already filtered, for the workload page: the inbox reads the same names
/// from its address (assignee, queue, status, overdue) as it writes into saved views.
/// </summary>
public static class InboxLinks
{
    /// <summary>Every status before Resolved, as the status filter takes it; offered in the inbox as "any open status".</summary>
    public static readonly string OpenStatuses = string.Join(',', Enum.GetValues<CaseStatus>().Where(s => s < CaseStatus.Resolved).Select(s => Json.Name(s)));

    private static string Status => Uri.EscapeDataString(OpenStatuses);

    public static string AgentOpen(Guid id) => $"/desk/inbox/all?assignee={id}&status={Status}";

    public static string AgentOverdue(Guid id) => $"/desk/inbox/all?assignee={id}&overdue=true";

    public static string QueueOpen(Guid id) => $"/desk/inbox/all?queue={id}&status={Status}";

    public static string QueueUnassigned(Guid id) => $"/desk/inbox/unassigned?queue={id}";

    public static string QueueOverdue(Guid id) => $"/desk/inbox/all?queue={id}&overdue=true";

    public const string Overdue = "/desk/inbox/all?overdue=true";
}
