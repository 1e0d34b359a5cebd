using System.Globalization;
using Ghiseu.Features.Cases;
using Ghiseu.Web.Resources;

namespace Ghiseu.Features.Desk.Pages;

/// <summary>Status names in the reader's language.</summary>
public static class StatusText
{
    public static string Of(CaseStatus s) => Messages.ResourceManager.GetString($"Status{s}", CultureInfo.CurrentUICulture) ?? s.ToString();
}
