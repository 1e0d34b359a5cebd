using Ghiseu.Features.Cases;
using Ghiseu.Features.Notifications;

namespace Ghiseu.Features.Portal;

/// <summary>What a public submission must satisfy beyond the case rules.</summary>
public static class PortalRules
{
    public static List<(string Field, string Message)> Check(PortalRequest r)
    {
        var errors = new List<(string, string)>();
        // The "website" field is hidden from people; only robots fill it in.
        if (!string.IsNullOrEmpty(r.Website)) errors.Add(("website", "The request was refused."));
        if (!r.Consent) errors.Add(("consent", "Consent to the processing of personal data is needed to register the request."));
        if (string.IsNullOrWhiteSpace(r.Description) || r.Description.Trim().Length < 10 || r.Description.Length > 20000)
            errors.Add(("description", "Describe the request in 10 to 20,000 characters."));
        if (r.Citizen is null) errors.Add(("citizen", "Contact details are required."));
        else if (string.IsNullOrWhiteSpace(r.Citizen.Email) && string.IsNullOrWhiteSpace(r.Citizen.Phone))
            errors.Add(("citizen.email", "Give an email address or a phone number so that we can answer."));
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
