using System.Globalization;
using System.Resources;

namespace Ghiseu.Features.Channels.Email;

/// <summary>The feature's own texts, in Romanian and English (EmailStrings.resx, EmailStrings.ro.resx).</summary>
public static class EmailTexts
{
    private static readonly ResourceManager Resources = new("Ghiseu.Features.Channels.Email.EmailStrings", typeof(EmailTexts).Assembly);

    public static string Get(string key, string? language = null) =>
        Resources.GetString(key, language is null ? CultureInfo.CurrentUICulture : CultureInfo.GetCultureInfo(language == "en" ? "en" : "ro")) ?? key;

    public static string NoSubject(string language) => Get("NoSubject", language);
    public static string EmptyBody(string language) => Get("EmptyBody", language);
    public static string TooLarge(string language) => Get("TooLarge", language);

    public static string PossibleSpoof(string language, string registrationNumber, SenderAuthentication a) =>
        string.Format(CultureInfo.InvariantCulture, Get("PossibleSpoof", language), registrationNumber, a.Spf, a.Dkim, a.Dmarc);
}
