namespace Ghiseu.Features.Desk.Pages;

/// <summary>The inbox views' names in the reader's language.</summary>
public static class ViewTitles
{
    public static string Of(string view) => view switch
    {
        InboxViews.Mine => DeskText.ViewMine,
        InboxViews.Unassigned => DeskText.ViewUnassigned,
        InboxViews.Due => DeskText.ViewDue,
        InboxViews.Waiting => DeskText.ViewWaiting,
        InboxViews.Emergencies => DeskText.ViewEmergencies,
        _ => DeskText.ViewAll,
    };
}
