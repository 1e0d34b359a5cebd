using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Ghiseu.Features.Notifications;

/// <summary>
/// Completes an outgoing email before it is sent (the email channel sets the unit's From address,
/// threading headers, signature and attachments); registered by the feature that knows them.
/// </summary>
public interface IOutgoingEmailDecorator
{
    Task DecorateAsync(MimeMessage message, NotificationPayload payload, CancellationToken ct);
}

/// <summary>Sends email through the configured SMTP server (MailKit).</summary>
public sealed class EmailSender(IOptionsMonitor<OutboundEmailOptions> options)
{
    /// <summary>A plain-text message from the configured sender, marked as automatic until a decorator says otherwise.</summary>
    public MimeMessage Build(string to, string subject, string body)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.CurrentValue.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Headers.Add("Auto-Submitted", "auto-generated"); // no auto-replies to our notifications
        message.Body = new TextPart("plain") { Text = body };
        return message;
    }

    public Task SendAsync(string to, string subject, string body, CancellationToken ct) => SendAsync(Build(to, subject, body), ct);

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var o = options.CurrentValue;
        if (string.IsNullOrWhiteSpace(o.Host)) throw new InvalidOperationException("No outbound SMTP server is configured (Ghiseu:Email:Outbound:Host).");
        using var client = new SmtpClient();
        var security = !o.UseTls ? SecureSocketOptions.None : o.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
        await client.ConnectAsync(o.Host, o.Port, security, ct);
        if (!string.IsNullOrEmpty(o.User)) await client.AuthenticateAsync(o.User, o.Password ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}
