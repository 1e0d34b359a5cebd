using Ghiseu.Features.Cases;
using Ghiseu.Features.Notifications;

namespace Ghiseu.Features.Portal;

/// <summary>What a public submission must satisfy beyond the case rules.</summary>
public static class PortalRules
{
    /// <summary>Channels a citizen may ask to be answered on from the portal.</summary>
    public static readonly Channel[] ReplyChannels = [Channel.Email, Channel.Sms, Channel.Portal];

    public static List<(string Field, string Message)> Check(PortalRequest r)
    {
        var errors = new List<(string, string)>();
        // The "website" field is hidden from people; only robots fill it in.
        if (!string.IsNullOrEmpty(r.Website)) errors.Add(("website", PortalText.Refused));
        if (!r.Consent) errors.Add(("consent", PortalText.ConsentRequired));
        if (string.IsNullOrWhiteSpace(r.Description) || r.Description.Trim().Length < 10 || r.Description.Length > 20000)
            errors.Add(("description", PortalText.DescriptionLength));
        if (r.Subject?.Trim().Length > 300) errors.Add(("subject", PortalText.SubjectTooLong));
        if (string.IsNullOrWhiteSpace(r.Unit)) errors.Add(("unit", PortalText.UnitMissing));
        if (string.IsNullOrWhiteSpace(r.Category)) errors.Add(("category", PortalText.CategoryMissing));
        if (r.Citizen is null) errors.Add(("citizen", PortalText.ContactRequired));
        else if (string.IsNullOrWhiteSpace(r.Citizen.Email) && string.IsNullOrWhiteSpace(r.Citizen.Phone))
            errors.Add(("citizen.email", PortalText.ContactRequired));
        if (r.ReplyChannel is { } channel)
        {
            if (!ReplyChannels.Contains(channel)) errors.Add(("replyChannel", PortalText.ReplyChannelInvalid));
            else if (channel == Channel.Email && string.IsNullOrWhiteSpace(r.Citizen?.Email)) errors.Add(("citizen.email", PortalText.ReplyChannelNeedsEmail));
            else if (channel == Channel.Sms && string.IsNullOrWhiteSpace(r.Citizen?.Phone)) errors.Add(("citizen.phone", PortalText.ReplyChannelNeedsPhone));
        }
        return errors;
    }

    public static string SubjectFrom(string description)
    {
        var line = description.Trim().ReplaceLineEndings(" ");
        return line.Length <= 80 ? line : string.Concat(line.AsSpan(0, 77).TrimEnd(), "…");
    }

    public static string TrackingUrl(PortalLinkOptions portal, Case c) =>
        $"{portal.PublicUrl.TrimEnd('/')}/track/{c.RegistrationNumber}?code={c.TrackingCode}";
}
