using System.Net;
using Ghiseu.Features.Attachments;
using Ghiseu.Features.Portal;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;

namespace Ghiseu.Web;

/// <summary>Marks a page whose form carries files: its requests may be as large as an upload.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AcceptsUploadsAttribute : Attribute;

/// <summary>The server-rendered pages (Blazor), the language switch and readable error pages for browsers.</summary>
public static class WebPages
{
    public static IServiceCollection AddGhiseuPages(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        return services;
    }

    public static WebApplication MapGhiseuPages(this WebApplication app)
    {
        var limits = app.Services.GetRequiredService<IOptions<AttachmentOptions>>().Value;
        app.MapStaticAssets();
        // Blazor would add a second Content-Security-Policy (frame-ancestors 'self'); WebSetup sends the only one.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null).Add(endpoint =>
        {
            if (endpoint.Metadata.OfType<AcceptsUploadsAttribute>().Any())
                endpoint.Metadata.Add(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(limits.MaxUploadRequestBytes));
        });
        app.MapGet("/culture/{language}", SwitchLanguage).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>Keeps the chosen language in the standard culture cookie for a year and goes back to the page.</summary>
    private static IResult SwitchLanguage(string language, string? returnUrl, HttpResponse response)
    {
        if (language is not ("ro" or "en")) return Results.NotFound();
        response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true,
                Secure = response.HttpContext.Request.IsHttps });
        // Only a path on this site: an open redirect would help phishing.
        var back = returnUrl is { Length: > 0 } && returnUrl[0] == '/' && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) ? returnUrl : "/";
        return Results.LocalRedirect(back);
    }

    /// <summary>True when a browser asked for a page rather than a program for JSON.</summary>
    public static bool WantsHtml(HttpContext http) =>
        !http.Request.Path.StartsWithSegments("/api") && http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal);

    /// <summary>A minimal page in the reader's language for errors raised before any page runs (too large, too many).</summary>
    public static async Task WriteErrorPageAsync(HttpContext http, int status, string title, string text)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        var lang = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        var e = (string s) => WebUtility.HtmlEncode(s);
        await http.Response.WriteAsync($"""
            <!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{e(title)}</title><link rel="stylesheet" href="/css/site.css"></head>
            <body><main id="main" class="wrap"><h1>{e(title)}</h1><p>{e(text)}</p><p><a href="/">{e(PortalText.NavHome)}</a></p></main></body></html>
            """);
    }
}
