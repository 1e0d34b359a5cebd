using Ghiseu.Features.Cases;
using Ghiseu.Features.Channels.Email;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Ghiseu.Tests.Email;

/// <summary>Replies, bounces and auto-replies: messages that belong to an earlier case, or to none.</summary>
public static partial class EmailCorpus
{
    public static readonly Dictionary<string, Func<EmailFactory, string, Task>> Threads = new()
    {
        ["reply-by-in-reply-to"] = async (f, s) =>
        {
            var first = await f.NewCaseAsync(s, "Viză");
            var ack = await f.OutboundTo(s);
            var reply = Mail.Text(s, ack.From.Mailboxes.Single().Address, $"Re: {ack.Subject}", "Mulțumesc, revin cu actele.");
            reply.InReplyTo = ack.MessageId;
            reply.References.Add(ack.MessageId!);
            await f.SendAsync(reply);
            var o = await f.OutcomeAsync(s, 2);
            Assert.Equal(first.Case!.Id, o.Case!.Id);
            Assert.Equal("joined", o.Row.Outcome);
            Assert.Contains("revin cu actele", o.Body, StringComparison.Ordinal);
        },
        ["reply-by-references-to-citizen-message"] = async (f, s) =>
        {
            var first = await f.NewCaseAsync(s, "Certificat");
            var more = Mail.Text(s, Par, "Completare", "Uitasem să menționez data nașterii.");
            more.References.Add(first.Row.MessageId!);
            await f.SendAsync(more);
            Assert.Equal(first.Case!.Id, (await f.OutcomeAsync(s, 2)).Case!.Id);
        },
        ["reply-with-only-quoted-case-reference"] = async (f, s) =>
        {
            var first = await f.NewCaseAsync(s, "Procură");
            await f.SendAsync(Mail.Text(s, Par, $"Re: [{first.Case!.RegistrationNumber}] Am primit solicitarea", "> text citat\nAm trimis actele prin poștă."));
            var o = await f.OutcomeAsync(s, 2);
            Assert.Equal(first.Case.Id, o.Case!.Id);
        },
        ["case-reference-from-stranger-opens-new-case"] = async (f, s) =>
        {
            var first = await f.NewCaseAsync(s, "Cetățenie");
            var stranger = "strain." + s;
            await f.SendAsync(Mail.Text(stranger, Par, $"Re: [{first.Case!.RegistrationNumber}] Cetățenie", "Vreau să văd dosarul altcuiva."));
            var o = await f.OutcomeAsync(stranger);
            Assert.NotEqual(first.Case.Id, o.Case!.Id);
        },
        ["same-subject-alone-opens-new-case"] = async (f, s) =>
        {
            var first = await f.NewCaseAsync(s, "Subiect identic");
            await f.SendAsync(Mail.Text(s, Par, "Subiect identic", "Alt mesaj, fără referință."));
            var o = await f.OutcomeAsync(s, 2);
            Assert.NotEqual(first.Case!.Id, o.Case!.Id);
        },
        ["reply-to-resolved-case-reopens-it"] = async (f, s) =>
        {
            var first = await f.NewCaseAsync(s, "Rezolvat");
            await f.Db(async db =>
            {
                var c = await db.Cases.FirstAsync(x => x.Id == first.Case!.Id);
                c.TransitionTo(CaseStatus.Open, DateTimeOffset.UtcNow);
                c.TransitionTo(CaseStatus.Resolved, DateTimeOffset.UtcNow);
                return await db.SaveChangesAsync();
            });
            await f.SendAsync(Mail.Text(s, Par, $"Re: [{first.Case!.RegistrationNumber}] Rezolvat", "Nu s-a rezolvat, de fapt."));
            var o = await f.OutcomeAsync(s, 2);
            Assert.Equal(CaseStatus.Open, o.Case!.Status);
        },
        ["out-of-office-threaded-joins-quietly"] = async (f, s) =>
        {
            var first = await f.NewCaseAsync(s, "Concediu");
            var ack = await f.OutboundTo(s);
            var ooo = Mail.Text(s, Par, $"Automatic reply: {ack.Subject}", "Sunt în concediu până luni.");
            ooo.Headers.Add("Auto-Submitted", "auto-replied");
            ooo.InReplyTo = ack.MessageId;
            await f.SendAsync(ooo);
            var o = await f.OutcomeAsync(s, 2);
            Assert.Equal(first.Case!.Id, o.Case!.Id);
            Assert.Equal("joined (auto-reply)", o.Row.Outcome);
            Assert.Equal(1, f.Outbound.Received.Count(m => m.To.Mailboxes.Any(t => t.Address == s)));
        },
        ["out-of-office-unthreaded-ignored"] = async (f, s) =>
        {
            var ooo = Mail.Text(s, Par, "Out of office", "I am away until Monday.");
            ooo.Headers.Add("Auto-Submitted", "auto-replied");
            ooo.Headers.Add("X-Autoreply", "yes");
            await f.SendAsync(ooo);
            var o = await f.OutcomeAsync(s);
            Assert.Equal(InboundState.Ignored, o.Row.State);
            Assert.Null(o.Case);
            Assert.False(await f.AutoReplied(s));
        },
        ["bounce-marks-undeliverable"] = async (f, s) =>
        {
            var first = await f.NewCaseAsync(s, "Adresă greșită");
            var ack = await f.OutboundTo(s);
            var dsn = Bounce(s, ack);
            await f.SendAsync(dsn, Par);
            var row = await f.Db(async db =>
            {
                for (var i = 0; i < 100; i++)
                {
                    var r = await db.InboundEmails.AsNoTracking().FirstOrDefaultAsync(x => x.MessageId == dsn.MessageId && x.State != InboundState.Pending);
                    if (r is not null) return r;
                    await Task.Delay(100);
                }
                throw new TimeoutException();
            });
            Assert.StartsWith("bounce", row.Outcome, StringComparison.Ordinal);
            Assert.Null(row.CaseId);
            Assert.True(await f.Db(db => db.ContactPoints.Where(p => p.Value == s).Select(p => p.Undeliverable).FirstAsync()));
            var id = ThreadFinder.InteractionOf(ack.MessageId!)!.Value;
            var state = await f.Db(db => db.Interactions.Where(i => i.Id == id).Select(i => i.DeliveryState).FirstAsync());
            Assert.StartsWith("bounced: 5.1.1", state, StringComparison.Ordinal);
            Assert.NotNull(first.Case);
        },
    };

    /// <summary>A delivery status notification as mail servers send it (RFC 3464).</summary>
    private static MimeMessage Bounce(string recipient, MimeMessage original)
    {
        var m = new MimeMessage();
        m.From.Add(new MailboxAddress("Mail Delivery System", "MAILER-DAEMON@mx.example.ro"));
        m.To.Add(MailboxAddress.Parse(Par));
        m.Subject = "Undelivered Mail Returned to Sender";
        m.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("mx.example.ro");
        var report = new MultipartReport("delivery-status")
        {
            new TextPart("plain") { Text = "This is the mail system. Your message could not be delivered." },
        };
        var status = new MessageDeliveryStatus();
        var perMessage = new HeaderList { { "Reporting-MTA", "dns; mx.example.ro" } };
        var perRecipient = new HeaderList { { "Final-Recipient", $"rfc822; {recipient}" }, { "Action", "failed" }, { "Status", "5.1.1" } };
        status.StatusGroups.Add(perMessage);
        status.StatusGroups.Add(perRecipient);
        report.Add(status);
        var headers = $"Message-ID: <{original.MessageId}>\r\nSubject: {original.Subject}\r\nTo: {recipient}\r\n\r\n";
        report.Add(new MimePart("text", "rfc822-headers") { Content = new MimeContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(headers))) });
        m.Body = report;
        return m;
    }
}
