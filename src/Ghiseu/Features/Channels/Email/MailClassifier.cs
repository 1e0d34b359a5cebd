using System.Globalization;
using MimeKit;

namespace Ghiseu.Features.Channels.Email;

/// <summary>A permanent delivery failure reported by a mail server: who could not be reached, and which message.</summary>
public sealed record Bounce(IReadOnlyList<(string Recipient, string Status)> Failed, string? OriginalMessageId);

/// <summary>Loop, abuse and report detection from headers alone.</summary>
public static class MailClassifier
{
    /// <summary>Machine-made mail that must never be answered automatically (RFC 3834, list and bulk mail, daemons).</summary>
    public static bool IsAutomatic(MimeMessage m, string? sender)
    {
        var auto = m.Headers["Auto-Submitted"];
        if (auto is not null && !auto.Trim().Equals("no", StringComparison.OrdinalIgnoreCase)) return true;
        var precedence = m.Headers[HeaderId.Precedence]?.Trim().ToLowerInvariant();
        if (precedence is "bulk" or "list" or "junk" or "auto_reply") return true;
        if (m.Headers["X-Autoreply"] is not null || m.Headers["X-Autorespond"] is not null || m.Headers[HeaderId.ListId] is not null) return true;
        if (m.Headers["X-Auto-Response-Suppress"]?.Contains("All", StringComparison.OrdinalIgnoreCase) == true) return true;
        return IsSystemSender(sender);
    }

    /// <summary>
    /// Received over SMTP from the null reverse-path (<c>MAIL FROM:&lt;&gt;</c>): by RFC 5321 only
    /// delivery reports and other notifications use it, and nothing may answer it.
    /// </summary>
    public static bool HasNullReversePath(InboundEmail row) => row.Source == "smtp" && string.IsNullOrEmpty(row.EnvelopeFrom);

    /// <summary>Auto-replies proper (out of office): they join a case when threaded, and never open one.</summary>
    public static bool IsAutoReply(MimeMessage m) =>
        m.Headers["Auto-Submitted"]?.Trim().StartsWith("auto-replied", StringComparison.OrdinalIgnoreCase) == true
        || m.Headers["X-Autoreply"] is not null || m.Headers["X-Autorespond"] is not null
        || m.Headers[HeaderId.Precedence]?.Trim().Equals("auto_reply", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Mail systems themselves (null sender, MAILER-DAEMON, postmaster): their mail is a report, never a request.</summary>
    public static bool IsDaemon(string? address) =>
        string.IsNullOrWhiteSpace(address) || address.Split('@')[0].ToLowerInvariant() is "mailer-daemon" or "postmaster";

    /// <summary>Senders that must not be answered: daemons and no-reply addresses.</summary>
    public static bool IsSystemSender(string? address)
    {
        if (string.IsNullOrWhiteSpace(address)) return true; // null reverse-path: a bounce or report
        var local = address.Split('@')[0].ToLowerInvariant();
        return local is "mailer-daemon" or "postmaster" or "noreply" or "no-reply" or "no_reply" or "donotreply" or "do-not-reply" or "bounce" or "bounces"
            || local.StartsWith("no-reply", StringComparison.Ordinal) || local.StartsWith("noreply", StringComparison.Ordinal)
            || local.StartsWith("bounce-", StringComparison.Ordinal);
    }

    /// <summary>An upstream filter's verdict: X-Spam-Flag: YES, or a score at or above the threshold.</summary>
    public static bool IsSpam(MimeMessage m, double threshold)
    {
        if (m.Headers["X-Spam-Flag"]?.Trim().Equals("YES", StringComparison.OrdinalIgnoreCase) == true) return true;
        var score = m.Headers["X-Spam-Score"];
        if (score is null && m.Headers["X-Spam-Status"] is { } status && status.IndexOf("score=", StringComparison.OrdinalIgnoreCase) is var i and >= 0)
            score = new string([.. status[(i + 6)..].TakeWhile(c => char.IsDigit(c) || c is '.' or '-')]);
        return double.TryParse(score?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= threshold;
    }

    /// <summary>A delivery status notification (RFC 3464) with permanent failures; null for anything else.</summary>
    public static Bounce? AsBounce(MimeMessage m)
    {
        if (m.Body is not MultipartReport report || !string.Equals(report.ReportType, "delivery-status", StringComparison.OrdinalIgnoreCase)) return null;
        var status = report.OfType<MessageDeliveryStatus>().FirstOrDefault();
        var failed = new List<(string, string)>();
        if (status is not null)
            foreach (var group in status.StatusGroups.Skip(1))
            {
                var action = group["Action"]?.Trim().ToLowerInvariant();
                var code = group["Status"]?.Trim() ?? "";
                var recipient = group["Final-Recipient"] ?? group["Original-Recipient"];
                if (action == "failed" && code.StartsWith('5') && recipient is not null)
                    failed.Add((recipient[(recipient.IndexOf(';', StringComparison.Ordinal) + 1)..].Trim().ToLowerInvariant(), code));
            }
        string? original = null;
        foreach (var part in report.Skip(2))
        {
            if (part is MessagePart { Message: { } inner }) original = inner.MessageId ?? inner.Headers[HeaderId.MessageId]?.Trim().Trim('<', '>');
            else if (part is MimePart { Content: { } content })
            {
                // text/rfc822-headers, or a server's own type: the returned headers as text.
                using var s = new MemoryStream();
                content.DecodeTo(s);
                s.Position = 0;
                try { original = HeaderList.Load(s)[HeaderId.MessageId]?.Trim().Trim('<', '>'); }
                catch (FormatException) { }
            }
        }
        return new Bounce(failed, original);
    }
}
