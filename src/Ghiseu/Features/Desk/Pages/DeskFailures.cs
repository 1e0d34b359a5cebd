using System.Globalization;
using Ghiseu.Common;

namespace Ghiseu.Features.Desk.Pages;

/// <summary>A command's failure in the desk user's language.</summary>
public static class DeskFailures
{
    /// <summary>The failure in words; <paramref name="notFound"/> says what was not found when it is not a case.</summary>
    public static string Describe(Failure failure, string? notFound = null) => failure switch
    {
        Failure.NotFound => notFound ?? DeskText.CaseNotFound,
        Failure.Stale => DeskText.FailureStale,
        Failure.Unauthorized => DeskText.NotAllowedToChange,
        // Field errors name the field in the message itself; rules have a text per code, else the command's words.
        Failure.Invalid invalid => string.Join(" ", invalid.Errors.Select(e => e.Message)),
        _ => DeskText.ResourceManager.GetString($"Failure_{failure.Code.Replace('-', '_')}", CultureInfo.CurrentUICulture) ?? failure.Message,
    };
}
