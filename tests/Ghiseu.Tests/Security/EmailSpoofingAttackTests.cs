using System.Globalization;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Channels.Email;
using Ghiseu.Tests.Email;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

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

/// <summary>An email host whose sender checks ask a local DNS peer.</summary>
public sealed class SenderCheckFactory : EmailFactory
{
    public DnsPeer Dns { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        .. base.Settings,
        new("Ghiseu:Email:Authentication:Enabled", "true"),
        new("Ghiseu:Email:Authentication:DnsServers:0", $"127.0.0.1:{Dns.Port.ToString(CultureInfo.InvariantCulture)}"),
        new("Ghiseu:Email:Authentication:TimeoutMilliseconds", "5000"), // a loaded test machine answers slowly; a timeout is cached for half a minute
    ];

    protected override void Dispose(bool disposing)
    {
        if (disposing) Dns.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>
/// A forged From with a case number in the subject must not write into that citizen's case: the
/// sender checks (SPF, DKIM, DMARC against DNS) fail, and the message becomes a case of its own.
/// </summary>
public sealed class EmailSpoofingAttackTests(SenderCheckFactory f) : IClassFixture<SenderCheckFactory>
{
    private const string Par = "par@demo.ghiseu.ro";

    [Fact]
    public async Task SpoofedFrom_WithCaseNumber_BecomesNewCaseWithWarningAndNoAutoReply()
    {
        // The victim's domain says only 192.0.2.1 sends its mail, and to reject the rest.
        var domain = $"v{Guid.NewGuid():N}.test";
        f.Dns.Txt(domain, "v=spf1 ip4:192.0.2.1 -all");
        f.Dns.Txt($"_dmarc.{domain}", "v=DMARC1; p=reject");
        DkimKeys.Publish(f.Dns, domain);
        var victim = $"ion@{domain}";
        // The victim's own message, signed by their provider: it passes and is answered.
        await f.SendAsync(DkimKeys.Sign(Mail.Text(victim, Par, "Pașaport", "Bună ziua, am o întrebare."), domain));
        var original = await f.OutcomeAsync(victim);
        await f.OutboundTo(victim);
        var before = await f.Db(db => db.Interactions.CountAsync(i => i.CaseId == original.Case!.Id));

        // The attacker replays the victim's address and case number from another host (here, loopback).
        var spoof = Mail.Text(victim, Par, $"Re: [{original.Case!.RegistrationNumber}] Schimbare adresă", "Trimiteți pașaportul la altă adresă.");
        await SendRawAsync(victim, spoof);
        var row = await Reports.WaitAsync(f, spoof.MessageId!);

        Assert.Equal(("fail", "none", "fail", "fail"), (row.Spf, row.Dkim, row.Dmarc, row.SenderCheck));
        Assert.NotEqual(original.Case.Id, row.CaseId);
        Assert.NotNull(row.CaseId);
        Assert.False(row.AutoReplied);
        var note = await f.Db(db => db.Interactions.SingleAsync(i => i.CaseId == row.CaseId && i.Kind == InteractionKind.Note));
        Assert.Contains(original.Case.RegistrationNumber, note.Body, StringComparison.Ordinal);
        Assert.False(note.Public);
        Assert.Equal(before, await f.Db(db => db.Interactions.CountAsync(i => i.CaseId == original.Case.Id)));
        await Task.Delay(2000);
        Assert.Single(f.Outbound.Received, m => m.To.Mailboxes.Any(t => t.Address == victim));
    }

    [Fact]
    public async Task DkimSigned_KeyInDns_PassesAndThreads()
    {
        var domain = $"d{Guid.NewGuid():N}.test";
        var keys = new RsaKeyPairGenerator();
        keys.Init(new KeyGenerationParameters(new SecureRandom(), 2048));
        var pair = keys.GenerateKeyPair();
        var publicKey = Convert.ToBase64String(SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(pair.Public).GetDerEncoded());
        f.Dns.Txt($"sel._domainkey.{domain}", $"v=DKIM1; k=rsa; p={publicKey}");
        f.Dns.Txt(domain, "v=spf1 ip4:192.0.2.1 -all"); // SPF fails from here: DKIM alone must carry it
        f.Dns.Txt($"_dmarc.{domain}", "v=DMARC1; p=reject; adkim=s");
        var citizen = $"maria@{domain}";
        var first = await f.NewCaseAsync(citizen, "Certificat");

        var reply = Mail.Text(citizen, Par, $"Re: [{first.Case!.RegistrationNumber}] Certificat", "Am trimis actele.");
        reply.Prepare(EncodingConstraint.SevenBit);
        var signer = new DkimSigner(pair.Private, domain, "sel")
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
        };
        signer.Sign(reply, [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.MessageId]);
        await SendRawAsync(citizen, reply);
        var row = await Reports.WaitAsync(f, reply.MessageId!);

        Assert.Equal(("fail", "pass", "pass", "pass"), (row.Spf, row.Dkim, row.Dmarc, row.SenderCheck));
        Assert.Equal(first.Case.Id, row.CaseId);
    }

    [Fact]
    public async Task DnsUnreachable_ChecksAreUnknownNotFail()
    {
        // A resolver that does not exist: nothing listens on the port.
        var options = Options.Create(new EmailOptions
        {
            Authentication = new AuthenticationOptions { DnsServers = [$"127.0.0.1:{DnsPeer.FreeUdpPort().ToString(CultureInfo.InvariantCulture)}"], TimeoutMilliseconds = 300 },
        });
        var checker = new SenderAuthenticator(new DnsLookup(options, TimeProvider.System), new PublicSuffixList(null), options, NullLogger<SenderAuthenticator>.Instance);
        var m = Mail.Text("ion@unreachable.test", Par, "Cerere", "text");
        var keys = new RsaKeyPairGenerator();
        keys.Init(new KeyGenerationParameters(new SecureRandom(), 1024));
        m.Prepare(EncodingConstraint.SevenBit);
        new DkimSigner(keys.GenerateKeyPair().Private, "unreachable.test", "sel").Sign(m, [HeaderId.From, HeaderId.Subject]);
        var row = new InboundEmail { MessageKey = "k", Sha256 = "s", Source = "smtp", EnvelopeFrom = "ion@unreachable.test", ClientAddress = "127.0.0.1" };
        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = await checker.CheckAsync(m, row, CancellationToken.None);
        Assert.Equal(("unknown", "unknown", "unknown", "unknown"), (result.Spf, result.Dkim, result.Dmarc, result.Check));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed}");
    }

    private async Task SendRawAsync(string envelopeFrom, MimeMessage m)
    {
        await using var smtp = await RawSmtp.ConnectAsync(f.SmtpPort);
        await smtp.SayAsync("EHLO attacker.test");
        Assert.StartsWith("250", await smtp.SayAsync($"MAIL FROM:<{envelopeFrom}>"), StringComparison.Ordinal);
        Assert.StartsWith("250", await smtp.SayAsync($"RCPT TO:<{Par}>"), StringComparison.Ordinal);
        Assert.StartsWith("250", await smtp.DataAsync(m), StringComparison.Ordinal);
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
