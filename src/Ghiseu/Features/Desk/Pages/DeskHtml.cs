using Ganss.Xss;
using Ghiseu.Data;
using Ghiseu.Features.Attachments;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Desk.Pages;

/// <summary>The HTML part of an email, for the timeline: read inside the user's scope and sanitized again.</summary>
public static class DeskHtml
{
    // No images: remote ones would tell the sender the mail was read (and are third-party requests);
    // inline ones are on the timeline as attached files.
    private static readonly HtmlSanitizer Sanitizer = NoImages();

    private static HtmlSanitizer NoImages()
    {
        var s = new HtmlSanitizer();
        s.AllowedTags.Remove("img");
        s.AllowedTags.Remove("picture");
        s.AllowedTags.Remove("source");
        // Inline style can cover the desk with a fake form (position: fixed) or fetch from the sender
        // (url(...) in any property); mail stays readable without it.
        s.AllowedAttributes.Remove("style");
        s.AllowedCssProperties.Clear();
        s.AllowedAtRules.Clear();
        s.AllowedTags.Remove("style");
        return s;
    }

    public static string Sanitize(string html) => Sanitizer.Sanitize(html);

    public static async Task<string?> LoadAsync(IServiceProvider sp, Guid attachmentId)
    {
        var a = await sp.GetRequiredService<GhiseuDb>().Attachments.AsNoTracking().FirstOrDefaultAsync(x => x.Id == attachmentId && x.ContentType == "text/html");
        if (a is null || sp.GetRequiredService<FileStore>().Open(a.Sha256) is not { } stream) return null;
        using var reader = new StreamReader(stream);
        return Sanitize(await reader.ReadToEndAsync());
    }
}
