using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Ghiseu.Features.Notifications;

/// <summary>Sends a plain-text email through the configured SMTP server (MailKit).</summary>
public sealed class EmailSender(IOptionsMonitor<OutboundEmailOptions> options)
{
    public async Task SendAsync(string to, string subject, string body, CancellationToken ct)
    {
        var o = options.CurrentValue;
        if (string.IsNullOrWhiteSpace(o.Host)) throw new InvalidOperationException("No outbound SMTP server is configured (Ghiseu:Email:Outbound:Host).");
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(o.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Headers.Add("Auto-Submitted", "auto-generated"); // no auto-replies to our notifications
        message.Body = new TextPart("plain") { Text = body };
        using var client = new SmtpClient();
        var security = !o.UseTls ? SecureSocketOptions.None : o.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
        await client.ConnectAsync(o.Host, o.Port, security, ct);
        if (!string.IsNullOrEmpty(o.User)) await client.AuthenticateAsync(o.User, o.Password ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}
