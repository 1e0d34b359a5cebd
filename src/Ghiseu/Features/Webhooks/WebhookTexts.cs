using System.Globalization;
using System.Resources;

namespace Ghiseu.Features.Webhooks;

/// <summary>The feature's own texts, in Romanian and English (WebhookStrings.resx, WebhookStrings.ro.resx).</summary>
public static class WebhookTexts
{
    private static readonly ResourceManager Resources = new("Ghiseu.Features.Webhooks.WebhookStrings", typeof(WebhookTexts).Assembly);

    public static string Get(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;
}
