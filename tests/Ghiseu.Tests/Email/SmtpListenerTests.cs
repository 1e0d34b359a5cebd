using System.Net.Sockets;
using System.Text;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Channels.Email;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Email;

public sealed class SmtpListenerTests(EmailFactory f) : IClassFixture<EmailFactory>
{
    [Fact]
    public async Task Send_ToUnitAddress_CreatesEmailCaseWithAutoReply()
    {
        var sender = EmailFactory.NewSender();
        var answer = await f.SendAsync(Mail.Text(sender, "par@demo.ghiseu.ro", "Pașaport pierdut", "Bună ziua, mi-am pierdut pașaportul la Paris."));
        Assert.Contains("Queued", answer, StringComparison.Ordinal);
        var row = await f.ProcessedAsync(sender);
        Assert.Equal(InboundState.Processed, row.State);
        var c = await f.Db(db => db.Cases.FirstAsync(x => x.Id == row.CaseId));
        Assert.Equal(Channel.Email, c.Channel);
        Assert.StartsWith("PAR-", c.RegistrationNumber, StringComparison.Ordinal);
        Assert.Contains("pașaportul", c.Description, StringComparison.Ordinal);
        var reply = await f.OutboundTo(sender);
        Assert.Contains(c.RegistrationNumber, reply.Subject, StringComparison.Ordinal);
        Assert.Equal("par@demo.ghiseu.ro", reply.From.Mailboxes.Single().Address);
        Assert.Equal(row.MessageId, reply.InReplyTo);
        Assert.Equal("auto-generated", reply.Headers["Auto-Submitted"]);
    }

    [Fact]
    public async Task Send_ToUnknownRecipient_Is550()
    {
        var e = await Assert.ThrowsAsync<SmtpCommandException>(() =>
            f.SendAsync(Mail.Text(EmailFactory.NewSender(), "nobody@demo.ghiseu.ro", "x", "y")));
        Assert.Equal(550, (int)e.StatusCode);
    }

    [Fact]
    public async Task Send_OverSizeLimit_Is552AndNothingStored()
    {
        var sender = EmailFactory.NewSender();
        var m = Mail.Text(sender, "par@demo.ghiseu.ro", "Mare", "x");
        m.Body = new MimeKit.Multipart("mixed") { new MimeKit.TextPart("plain") { Text = "scan" }, Mail.File("scan.bin", "application/octet-stream", Mail.Bytes(EmailFactory.MaxMessageBytes)) };
        var e = await Assert.ThrowsAsync<SmtpCommandException>(() => f.SendAsync(m));
        Assert.Equal(552, (int)e.StatusCode);
        Assert.False(await f.Db(db => db.InboundEmails.AnyAsync(x => x.Sender == sender)));
    }

    [Fact]
    public async Task RawSession_WithoutSizeDeclared_OverLimitIs552()
    {
        // A client that does not announce the size: the listener refuses after the data.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", f.SmtpPort);
        await using var stream = tcp.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        async Task<string> Say(string line)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));
            return await ReadReply(reader);
        }
        await ReadReply(reader);
        await Say("EHLO test");
        Assert.StartsWith("250", await Say($"MAIL FROM:<{EmailFactory.NewSender()}>"), StringComparison.Ordinal);
        Assert.StartsWith("250", await Say("RCPT TO:<par@demo.ghiseu.ro>"), StringComparison.Ordinal);
        Assert.StartsWith("354", await Say("DATA"), StringComparison.Ordinal);
        var line = new string('a', 998) + "\r\n";
        var big = new StringBuilder("Subject: big\r\n\r\n");
        while (big.Length < EmailFactory.MaxMessageBytes + 10_000) big.Append(line);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(big.ToString()));
        string reply;
        try { reply = await Say("."); }
        catch (IOException) { reply = "552 (connection closed)"; }
        Assert.StartsWith("552", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_SameMessageTwice_OneCase()
    {
        var sender = EmailFactory.NewSender();
        var m = Mail.Text(sender, "mad@demo.ghiseu.ro", "Cerere certificat", "Vă rog un certificat.");
        await f.SendAsync(m);
        var second = await f.SendAsync(m);
        Assert.Contains("Already have it", second, StringComparison.Ordinal);
        var row = await f.ProcessedAsync(sender);
        Assert.Equal(1, await f.Db(db => db.InboundEmails.CountAsync(x => x.Sender == sender)));
        Assert.Equal(1, await f.Db(db => db.Interactions.CountAsync(i => i.ExternalId == row.MessageId)));
    }

    [Fact]
    public async Task Send_FloodFromOneSender_IsDeferredWith451()
    {
        var sender = EmailFactory.NewSender("flood");
        for (var i = 0; i < EmailFactory.PerSenderPerHour; i++)
            await f.SendAsync(Mail.Text(sender, "ber@demo.ghiseu.ro", $"Mesaj {i}", "text"));
        var e = await Assert.ThrowsAsync<SmtpCommandException>(() => f.SendAsync(Mail.Text(sender, "ber@demo.ghiseu.ro", "Încă unul", "text")));
        Assert.Equal(451, (int)e.StatusCode);
    }

    [Fact]
    public async Task Readyz_ReportsListener()
    {
        using var client = f.CreateClient();
        var body = await (await client.GetAsync("/readyz")).Content.ReadAsStringAsync();
        Assert.Equal("Healthy", body);
        Assert.NotEqual(0, f.SmtpPort);
    }

    private static async Task<string> ReadReply(StreamReader reader)
    {
        string? line;
        var all = new StringBuilder();
        do
        {
            line = await reader.ReadLineAsync() ?? throw new IOException("closed");
            all.AppendLine(line);
        }
        while (line.Length > 3 && line[3] == '-');
        return all.ToString();
    }
}
