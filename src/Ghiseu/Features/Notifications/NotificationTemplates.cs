using System.Text;
using Ghiseu.Web.Resources;

namespace Ghiseu.Features.Notifications;

/// <summary>The texts citizens receive, per event and language, with {placeholders} filled from the case.</summary>
public static class NotificationTemplates
{
    public const string Received = "received";
    public const string StatusChanged = "status";

    public sealed record Rendered(string Subject, string EmailBody, string SmsText);

    public static Rendered Render(string @event, string language, IReadOnlyDictionary<string, string> values)
    {
        var culture = System.Globalization.CultureInfo.GetCultureInfo(language == "en" ? "en" : "ro");
        string T(string key) => Fill(Messages.ResourceManager.GetString(key, culture) ?? key, values);
        return @event switch
        {
            Received => new(T("NotifyReceivedSubject"), T("NotifyReceivedEmail"), T("NotifyReceivedSms")),
            StatusChanged => new(T("NotifyStatusSubject"), T("NotifyStatusEmail"), T("NotifyStatusSms")),
            _ => throw new ArgumentOutOfRangeException(nameof(@event), @event, "Unknown notification event."),
        };
    }

    /// <summary>Replaces {name} with its value; unknown placeholders stay as written.</summary>
    public static string Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        var sb = new StringBuilder(template.Length + 64);
        for (var i = 0; i < template.Length; i++)
        {
            var close = template[i] == '{' ? template.IndexOf('}', i + 1) : -1;
            if (close > i && values.TryGetValue(template[(i + 1)..close], out var value))
            {
                sb.Append(value);
                i = close;
            }
            else sb.Append(template[i]);
        }
        return sb.ToString();
    }
}
