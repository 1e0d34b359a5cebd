using System.Globalization;
using Ghiseu.Features.Channels.Email;
using Ghiseu.Tests.Infrastructure;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Ghiseu.Tests.Email;

/// <summary>A host that listens for mail on a port of its own, polls IMAP often and sends its mail to a real SMTP peer.</summary>
public class EmailFactory : GhiseuFactory
{
    public const int MaxMessageBytes = 2 * 1024 * 1024;
    public const int MaxFileBytes = 1024 * 1024;
    public const int PerSenderPerHour = 12;

    public SmtpPeer Outbound { get; } = new();

    protected override int DemoCases => 3;

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Ghiseu:Email:Smtp:Enabled", "true"),
        new("Ghiseu:Email:Smtp:Port", "0"),
        new("Ghiseu:Email:Smtp:Address", "127.0.0.1"),
        new("Ghiseu:Email:Smtp:MaxMessageBytes", MaxMessageBytes.ToString(CultureInfo.InvariantCulture)),
        new("Ghiseu:Email:Smtp:MessagesPerSenderPerHour", PerSenderPerHour.ToString(CultureInfo.InvariantCulture)),
        new("Ghiseu:Email:Imap:Enabled", "true"),
        new("Ghiseu:Email:Imap:PollSeconds", "1"),
        new("Ghiseu:Email:Processing:LeaseSeconds", "5"),
        new("Ghiseu:Email:Processing:MaxAttempts", "2"),
        new("Ghiseu:Email:MessageIdDomain", "test.ghiseu.ro"),
        new("Ghiseu:Email:Outbound:Host", "127.0.0.1"),
        new("Ghiseu:Email:Outbound:Port", Outbound.Port.ToString(CultureInfo.InvariantCulture)),
        new("Ghiseu:Email:Outbound:UseTls", "false"),
        new("Ghiseu:Attachments:MaxFileBytes", MaxFileBytes.ToString(CultureInfo.InvariantCulture)),
        // No DNS is reachable from the tests; the sender checks have their own fixture with a local DNS peer.
        new("Ghiseu:Email:Authentication:Enabled", "false"),
    ];

    public int SmtpPort => Services.GetRequiredService<SmtpListener>().Port;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var client = CreateClient();
        for (var i = 0; i < 200 && !(await client.GetAsync("/readyz")).IsSuccessStatusCode; i++) await Task.Delay(50);
    }

    private bool disposed;

    protected override void Dispose(bool disposing)
    {
        if (disposing && !disposed) Outbound.DisposeAsync().AsTask().GetAwaiter().GetResult();
        disposed = true;
        base.Dispose(disposing);
    }

    /// <summary>Hands a message to the listener (MailKit as the client); returns the server's answer.</summary>
    public async Task<string> SendAsync(MimeMessage message, params string[] recipients)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", SmtpPort, SecureSocketOptions.None);
        var sender = message.Sender ?? message.From.Mailboxes.FirstOrDefault() ?? new MailboxAddress("", "unknown@example.org");
        var to = recipients.Length > 0 ? recipients.Select(r => new MailboxAddress("", r)) : message.To.Mailboxes.Concat(message.Cc.Mailboxes);
        var answer = await client.SendAsync(message, sender, to);
        await client.DisconnectAsync(true);
        return answer;
    }

    /// <summary>The stored message from this sender once processing is over (or the last failure), waiting up to 30 s.</summary>
    public async Task<InboundEmail> ProcessedAsync(string sender, int count = 1, InboundState? state = null)
    {
        sender = sender.ToLowerInvariant();
        for (var i = 0; i < 300; i++)
        {
            var rows = await Db(db => db.InboundEmails.AsNoTracking().Where(m => m.Sender == sender).OrderBy(m => m.Id).ToListAsync());
            if (rows.Count >= count && rows.All(r => r.State != InboundState.Pending || r.LastError is not null)
                && (state is null || rows[^1].State == state))
                return rows[^1];
            await Task.Delay(100);
        }
        throw new TimeoutException($"No processed message from {sender}.");
    }

    /// <summary>The first message our server sent to this address (through the outbox), waiting up to 30 s.</summary>
    public async Task<MimeMessage> OutboundTo(string to, Func<MimeMessage, bool>? match = null)
    {
        for (var i = 0; i < 300; i++)
        {
            var m = Outbound.Received.FirstOrDefault(x => x.To.Mailboxes.Any(t => t.Address == to) && (match is null || match(x)));
            if (m is not null) return m;
            await Task.Delay(100);
        }
        throw new TimeoutException($"No mail to {to}.");
    }

    public static string NewSender(string tag = "c") => $"{tag}.{Guid.NewGuid():N}@example.ro";
}
