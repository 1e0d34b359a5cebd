using Ghiseu.Features.Cases;

namespace Ghiseu.Features.Desk.Pages;

/// <summary>The inbox's fixed views, each a case query inside the user's units.</summary>
public static class InboxViews
{
    private const string Open = "new,open,pendingCitizen,pendingThirdParty";

    public sealed record View(string Code, Func<string> Title, CaseQuery Query);

    public static readonly View[] All =
    [
        new("mine", () => DeskText.ViewMine, new CaseQuery(Assignee: "me", Status: Open, Sort: "-updatedAt")),
        new("unassigned", () => DeskText.ViewUnassigned, new CaseQuery(Assignee: "none", Status: "new,open")),
        new("due", () => DeskText.ViewDue, new CaseQuery(Overdue: true)),
        new("waiting", () => DeskText.ViewWaiting, new CaseQuery(Status: "pendingCitizen", Sort: "-updatedAt")),
        new("emergencies", () => DeskText.ViewEmergencies, new CaseQuery(Priority: "emergency,urgent", Status: Open)),
        new("all", () => DeskText.ViewAll, new CaseQuery()),
    ];

    public static View Find(string? code) => All.FirstOrDefault(v => v.Code == code) ?? All[^1];
}
