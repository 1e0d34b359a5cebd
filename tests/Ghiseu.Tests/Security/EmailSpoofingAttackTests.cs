using Ghiseu.Features.Channels.Email;
using Ghiseu.Tests.Email;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Ghiseu.Tests.Security;

/// <summary>Mail from the null reverse-path (bounces, reports): accepted, and never answered.</summary>
public sealed class EmailNullSenderTests(EmailFactory f) : IClassFixture<EmailFactory>
{
    private const string Par = "par@demo.ghiseu.ro";

    [Fact]
    public async Task NullReversePath_Bounce_IsAcceptedAndMarksAddressUndeliverable()
    {
        var citizen = EmailFactory.NewSender();
        await f.NewCaseAsync(citizen, "Adresă greșită");
        var ack = await f.OutboundTo(citizen);
        var dsn = Reports.Bounce(citizen, ack.MessageId!, Par);
        await using (var smtp = await RawSmtp.ConnectAsync(f.SmtpPort))
        {
            await smtp.SayAsync("EHLO mx.example.ro");
            Assert.StartsWith("250", await smtp.SayAsync("MAIL FROM:<>"), StringComparison.Ordinal);
            Assert.StartsWith("250", await smtp.SayAsync($"RCPT TO:<{Par}>"), StringComparison.Ordinal);
            Assert.StartsWith("250", await smtp.DataAsync(dsn), StringComparison.Ordinal);
        }
        var row = await Reports.WaitAsync(f, dsn.MessageId!);
        Assert.StartsWith("bounce", row.Outcome, StringComparison.Ordinal);
        Assert.Null(row.EnvelopeFrom);
        Assert.True(await f.Db(db => db.ContactPoints.Where(p => p.Value == citizen).Select(p => p.Undeliverable).FirstAsync()));
    }

    [Fact]
    public async Task NullReversePath_WithPersonFrom_OpensNoCaseAndGetsNoAutoReply()
    {
        // A report from the null reverse-path whose From names a person: it must not start a loop of answers.
        var person = EmailFactory.NewSender();
        var m = Mail.Text(person, Par, "Read: Cerere", "Your message was read.");
        await using (var smtp = await RawSmtp.ConnectAsync(f.SmtpPort))
        {
            await smtp.SayAsync("EHLO mx.example.ro");
            Assert.StartsWith("250", await smtp.SayAsync("MAIL FROM:<>"), StringComparison.Ordinal);
            Assert.StartsWith("250", await smtp.SayAsync($"RCPT TO:<{Par}>"), StringComparison.Ordinal);
            Assert.StartsWith("250", await smtp.DataAsync(m), StringComparison.Ordinal);
        }
        var row = await f.ProcessedAsync(person);
        Assert.Equal(InboundState.Ignored, row.State);
        Assert.Null(row.CaseId);
        Assert.False(row.AutoReplied);
        Assert.False(await f.AutoReplied(person));
    }
}

/// <summary>Delivery reports as mail servers send them.</summary>
public static class Reports
{
    /// <summary>A delivery status notification (RFC 3464) for one failed recipient of one of our messages.</summary>
    public static MimeMessage Bounce(string recipient, string originalMessageId, string to)
    {
        var m = new MimeMessage();
        m.From.Add(new MailboxAddress("Mail Delivery System", "MAILER-DAEMON@mx.example.ro"));
        m.To.Add(MailboxAddress.Parse(to));
        m.Subject = "Undelivered Mail Returned to Sender";
        m.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("mx.example.ro");
        var report = new MultipartReport("delivery-status") { new TextPart("plain") { Text = "Your message could not be delivered." } };
        var status = new MessageDeliveryStatus();
        status.StatusGroups.Add(new HeaderList { { "Reporting-MTA", "dns; mx.example.ro" } });
        status.StatusGroups.Add(new HeaderList { { "Final-Recipient", $"rfc822; {recipient}" }, { "Action", "failed" }, { "Status", "5.1.1" } });
        report.Add(status);
        var headers = $"Message-ID: <{originalMessageId}>\r\nTo: {recipient}\r\n\r\n";
        report.Add(new MimePart("text", "rfc822-headers") { Content = new MimeContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(headers))) });
        m.Body = report;
        return m;
    }

    /// <summary>The stored message with this Message-ID once processed, waiting up to 30 s.</summary>
    public static Task<InboundEmail> WaitAsync(EmailFactory f, string messageId) => f.Db(async db =>
    {
        for (var i = 0; i < 300; i++)
        {
            var r = await db.InboundEmails.AsNoTracking().FirstOrDefaultAsync(x => x.MessageId == messageId && x.State != InboundState.Pending);
            if (r is not null) return r;
            await Task.Delay(100);
        }
        throw new TimeoutException($"No processed message {messageId}.");
    });
}
