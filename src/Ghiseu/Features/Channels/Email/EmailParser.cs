using System.Globalization;
using System.Text.RegularExpressions;
using Ganss.Xss;
using MimeKit;
using MimeKit.Tnef;

namespace Ghiseu.Features.Channels.Email;

/// <summary>A file of a message; <paramref name="Content"/> may be a slice of a larger buffer (no copy for large files).</summary>
public sealed record ParsedFile(string FileName, string ContentType, ReadOnlyMemory<byte> Content)
{
    public Stream OpenRead() => System.Runtime.InteropServices.MemoryMarshal.TryGetArray(Content, out var a)
        ? new MemoryStream(a.Array!, a.Offset, a.Count, writable: false)
        : new MemoryStream(Content.ToArray(), writable: false);
}

public sealed record ParsedEmail(
    string? MessageId, IReadOnlyList<string> ThreadIds, string Subject, string? FromAddress, string? FromName,
    string Text, string? Html, IReadOnlyList<ParsedFile> Files, string Language);

/// <summary>
/// Reads a message with MimeKit into what a case needs: a plain-text rendering (for the timeline and
/// search), sanitized HTML, every file (attachments, inline images, TNEF contents, forwarded messages)
/// and the ids that thread it.
/// </summary>
public static partial class EmailParser
{
    private static readonly HtmlSanitizer Sanitizer = new();

    public static ParsedEmail Parse(MimeMessage m)
    {
        var files = new List<ParsedFile>();
        var texts = new List<string>();
        string? html = null;
        Walk(m.Body, files, texts, ref html, depth: 0);
        var text = texts.Count > 0 ? string.Join("\n\n", texts) : html is not null ? HtmlToText(html) : "";
        var thread = new List<string>();
        if (!string.IsNullOrWhiteSpace(m.InReplyTo)) thread.Add(m.InReplyTo.Trim());
        thread.AddRange(m.References.Where(r => !thread.Contains(r)));
        var from = m.From.Mailboxes.FirstOrDefault();
        var subject = (m.Subject ?? "").Trim();
        return new ParsedEmail(m.MessageId, thread, subject, from?.Address, string.IsNullOrWhiteSpace(from?.Name) ? null : from.Name.Trim(),
            text.Trim(), html is null ? null : Sanitizer.Sanitize(html), files, Language(m, subject + "\n" + text));
    }

    private static void Walk(MimeEntity? entity, List<ParsedFile> files, List<string> texts, ref string? html, int depth)
    {
        if (entity is null || depth > 20) return;
        switch (entity)
        {
            case MultipartAlternative alt:
                // One rendering of the same content: plain text if offered, else the richest HTML.
                var plain = alt.OfType<TextPart>().LastOrDefault(t => t.IsPlain && !t.IsAttachment);
                var rich = alt.OfType<TextPart>().LastOrDefault(t => t.IsHtml && !t.IsAttachment);
                if (plain is not null) texts.Add(plain.Text ?? "");
                if (rich is not null) html ??= rich.Text;
                foreach (var part in alt.Where(p => p is Multipart)) Walk(part, files, texts, ref html, depth + 1);
                break;
            case Multipart multi:
                foreach (var part in multi) Walk(part, files, texts, ref html, depth + 1);
                break;
            case MessagePart forwarded when forwarded.Message is { } inner:
                using (var s = new MemoryStream())
                {
                    inner.WriteTo(s);
                    files.Add(new ParsedFile(Safe(forwarded.ContentDisposition?.FileName ?? $"{(inner.Subject is { Length: > 0 } sj ? sj : "message")}.eml"), "message/rfc822", Written(s)));
                }
                var innerFrom = inner.From.Mailboxes.FirstOrDefault();
                texts.Add($"---------- {innerFrom?.ToString() ?? ""} · {inner.Subject}\n{Parse(inner).Text}");
                break;
            case TnefPart tnef:
                foreach (var part in tnef.ExtractAttachments()) Walk(part, files, texts, ref html, depth + 1);
                break;
            case TextPart t when !t.IsAttachment && t.IsPlain:
                texts.Add(t.Text ?? "");
                break;
            case TextPart t when !t.IsAttachment && t.IsHtml:
                html ??= t.Text;
                break;
            case MimePart p:
                using (var s = new MemoryStream(DecodedSizeHint(p)))
                {
                    p.Content?.DecodeTo(s);
                    var name = p.FileName ?? (p.ContentId is { } cid ? $"{cid.Split('@')[0]}.{p.ContentType.MediaSubtype}" : $"part.{p.ContentType.MediaSubtype}");
                    files.Add(new ParsedFile(Safe(name), p.ContentType.MimeType, Written(s)));
                }
                break;
        }
    }

    // A file's bytes are kept in the stream's own buffer: copying a 500 KB attachment again would be
    // one more large-object allocation per message, which is what makes the garbage collector busy.
    private static ReadOnlyMemory<byte> Written(MemoryStream s) => s.GetBuffer().AsMemory(0, (int)s.Length);

    /// <summary>The decoded size, roughly, so the buffer is allocated once instead of doubling.</summary>
    private static int DecodedSizeHint(MimePart p)
    {
        var encoded = p.Content?.Stream is { CanSeek: true } st ? st.Length : 0;
        var decoded = p.ContentTransferEncoding == ContentEncoding.Base64 ? encoded * 3 / 4 + 16 : encoded;
        return (int)Math.Clamp(decoded, 0, 64 * 1024 * 1024);
    }

    /// <summary>A readable text of an HTML-only message: block ends become line breaks, tags go, entities are decoded.</summary>
    public static string HtmlToText(string html)
    {
        var noScript = ScriptOrStyle().Replace(html, " ");
        var breaks = BlockEnd().Replace(noScript, "\n");
        var text = System.Net.WebUtility.HtmlDecode(Tag().Replace(breaks, ""));
        return ManyBlankLines().Replace(text.Replace("\r", ""), "\n\n").Trim();
    }

    /// <summary>ro or en: the declared Content-Language, else Romanian letters or words, else English words; Romanian by default.</summary>
    public static string Language(MimeMessage m, string text)
    {
        var declared = m.Headers[HeaderId.ContentLanguage] ?? m.Body?.Headers[HeaderId.ContentLanguage];
        if (declared?.Trim().StartsWith("en", StringComparison.OrdinalIgnoreCase) == true) return "en";
        if (declared?.Trim().StartsWith("ro", StringComparison.OrdinalIgnoreCase) == true) return "ro";
        if (text.Any(c => "ăâîșşțţĂÂÎȘŞȚŢ".Contains(c, StringComparison.Ordinal))) return "ro";
        var words = Words().Matches(text.ToLower(CultureInfo.InvariantCulture)).Select(x => x.Value).ToList();
        var en = words.Count(w => w is "the" or "and" or "please" or "my" or "is" or "hello" or "dear" or "thank" or "you");
        var ro = words.Count(w => w is "si" or "este" or "va" or "rog" or "buna" or "ziua" or "pentru" or "multumesc" or "cu");
        return en > ro ? "en" : "ro";
    }

    private static string Safe(string name) => Attachments.AttachmentService.SafeName(name);

    [GeneratedRegex(@"<(script|style)[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex(@"<\s*(br|/p|/div|/li|/tr|/h[1-6])\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockEnd();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\n\s*\n\s*\n+")]
    private static partial Regex ManyBlankLines();

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Words();
}
