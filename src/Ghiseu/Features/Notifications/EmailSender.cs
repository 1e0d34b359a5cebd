using System.Collections.Concurrent;
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

/// <summary>
/// Sends email through the configured SMTP server (MailKit). Connections are kept open a short while
/// and reused: a connection (and, in production, a TLS handshake) per message would cost more than
/// the message itself when many notifications leave at once.
/// </summary>
public sealed class EmailSender(IOptionsMonitor<OutboundEmailOptions> options) : IDisposable
{
    private const int MaxIdle = 4;
    private static readonly TimeSpan IdleFor = TimeSpan.FromSeconds(20);
    private readonly ConcurrentQueue<(SmtpClient Client, string Server, long Since)> idle = new();

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
        var server = $"{o.Host}:{o.Port}:{o.UseTls}:{o.User}";
        var client = await ReuseAsync(server, ct) ?? await ConnectAsync(o, ct);
        try
        {
            await client.SendAsync(message, ct);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        if (idle.Count < MaxIdle) idle.Enqueue((client, server, Environment.TickCount64));
        else await CloseAsync(client);
    }

    /// <summary>An idle connection to the same server that still answers; stale ones are closed.</summary>
    private async Task<SmtpClient?> ReuseAsync(string server, CancellationToken ct)
    {
        while (idle.TryDequeue(out var e))
        {
            if (e.Server == server && e.Client.IsConnected && Environment.TickCount64 - e.Since < IdleFor.TotalMilliseconds)
            {
                try
                {
                    await e.Client.NoOpAsync(ct);
                    return e.Client;
                }
                catch (Exception x) when (x is not OperationCanceledException)
                {
                    // The server dropped it while idle: close it below and try the next, or connect anew.
                }
            }
            await CloseAsync(e.Client);
        }
        return null;
    }

    private static async Task<SmtpClient> ConnectAsync(OutboundEmailOptions o, CancellationToken ct)
    {
        var client = new SmtpClient();
        try
        {
            var security = !o.UseTls ? SecureSocketOptions.None : o.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
            await client.ConnectAsync(o.Host!, o.Port, security, ct); // checked by SendAsync
            if (!string.IsNullOrEmpty(o.User)) await client.AuthenticateAsync(o.User, o.Password ?? "", ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static async Task CloseAsync(SmtpClient client)
    {
        try
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            if (client.IsConnected) await client.DisconnectAsync(quit: true, quick.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException) { } // the connection is going anyway
        finally
        {
            client.Dispose();
        }
    }

    public void Dispose()
    {
        while (idle.TryDequeue(out var e)) e.Client.Dispose();
    }
}
