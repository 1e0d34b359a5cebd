using System.Net;
using System.Net.Http.Json;
using Ghiseu.Features.Channels.Email;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Email;

/// <summary>Staff replies leave as threaded mail from the unit's address; administrators shape the channel through the API.</summary>
public sealed class EmailDeskTests(EmailFactory f) : IClassFixture<EmailFactory>
{
    [Fact]
    public async Task Reply_FromDesk_IsThreadedSignedAndThreadsBack()
    {
        using var admin = await f.Admin();
        var put = await admin.PutAsJsonAsync("/api/v1/email/units/PAR/profile", new { signatureRo = "Secția consulară Paris\nTel. +33 1 00 00 00 00", signatureEn = "Consular section, Paris" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var sender = EmailFactory.NewSender("desk");
        var first = await f.NewCaseAsync(sender, "Programare pașaport");
        using var agent = await f.Paris();
        var answer = await agent.PostAsJsonAsync($"/api/v1/cases/{first.Case!.Id}/messages", new { body = "Vă puteți programa marți." });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);

        var mail = await f.OutboundTo(sender, m => m.TextBody?.Contains("marți", StringComparison.Ordinal) == true);
        Assert.Equal("par@demo.ghiseu.ro", mail.From.Mailboxes.Single().Address);
        Assert.Contains($"[{first.Case.RegistrationNumber}]", mail.Subject, StringComparison.Ordinal);
        Assert.Equal(first.Row.MessageId, mail.InReplyTo);
        Assert.Contains(first.Row.MessageId!, mail.References);
        Assert.Contains("Secția consulară Paris", mail.TextBody, StringComparison.Ordinal);
        Assert.Null(mail.Headers["Auto-Submitted"]);
        Assert.EndsWith("@test.ghiseu.ro", mail.MessageId, StringComparison.Ordinal);
        var sentId = ThreadFinder.InteractionOf(mail.MessageId!)!.Value;
        for (var i = 0; i < 50 && await f.Db(db => db.Interactions.Where(x => x.Id == sentId).Select(x => x.DeliveryState).FirstAsync()) != "sent"; i++)
            await Task.Delay(100);
        Assert.Equal("sent", await f.Db(db => db.Interactions.Where(x => x.Id == sentId).Select(x => x.DeliveryState).FirstAsync()));

        var back = Mail.Text(sender, "par@demo.ghiseu.ro", $"Re: {mail.Subject}", "Mulțumesc, vin marți.");
        back.InReplyTo = mail.MessageId;
        await f.SendAsync(back);
        Assert.Equal(first.Case.Id, (await f.OutcomeAsync(sender, 2)).Case!.Id);
    }

    [Fact]
    public async Task Administration_ByAgent_IsForbidden()
    {
        using var agent = await f.Paris();
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/email/addresses")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/email/inbound?state=quarantined")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PutAsJsonAsync("/api/v1/email/units/PAR/profile", new { signatureRo = "x" })).StatusCode);
        using var anon = f.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.GetAsync("/api/v1/email/imap-accounts")).StatusCode);
    }

    [Fact]
    public async Task AddressAndAlias_RouteToUnitQueueAndCategory()
    {
        using var admin = await f.Admin();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var main = await admin.PostAsJsonAsync("/api/v1/email/addresses", new { address = $"pasapoarte.{tag}@demo.ghiseu.ro", unit = "PAR", queue = "notarial", category = "power-of-attorney" });
        Assert.Equal(HttpStatusCode.Created, main.StatusCode);
        var mainId = (await main.Body())["id"]!.GetValue<Guid>();
        var alias = await admin.PostAsJsonAsync("/api/v1/email/addresses", new { address = $"Pasaport.{tag}@demo.ghiseu.ro", aliasOf = mainId });
        Assert.Equal(HttpStatusCode.Created, alias.StatusCode);
        var again = await admin.PostAsJsonAsync("/api/v1/email/addresses", new { address = $"pasaport.{tag}@demo.ghiseu.ro", unit = "PAR" });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.NotNull((await again.Body())["errors"]!["address"]);

        var sender = EmailFactory.NewSender("alias");
        await f.SendAsync(Mail.Text(sender, $"pasaport.{tag}@demo.ghiseu.ro", "Pașaport nou", "Doresc un pașaport simplu electronic."));
        var o = await f.OutcomeAsync(sender);
        var (unit, queue, category) = await f.Db(async db => (
            await db.Units.Where(u => u.Id == o.Case!.UnitId).Select(u => u.Code).FirstAsync(),
            await db.Queues.Where(q => q.Id == o.Case!.QueueId).Select(q => q.Code).FirstAsync(),
            await db.Categories.Where(c => c.Id == o.Case!.CategoryId).Select(c => c.Code).FirstAsync()));
        Assert.Equal(("PAR", "notarial", "power-of-attorney"), (unit, queue, category));
        var reply = await f.OutboundTo(sender);
        Assert.Equal($"pasapoarte.{tag}@demo.ghiseu.ro", reply.From.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task AutoReplyTemplate_OfUnit_IsUsed()
    {
        using var admin = await f.Admin();
        var put = await admin.PutAsJsonAsync("/api/v1/email/units/MAD/profile", new
        {
            autoReplySubjectRo = "Înregistrat: {registrationNumber}", autoReplyBodyRo = "Stimate {citizenName}, urmăriți la {trackingUrl}",
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var sender = EmailFactory.NewSender("tpl");
        var o = await f.NewCaseAsync(sender, "Cerere Madrid", "mad@demo.ghiseu.ro");
        var reply = await f.OutboundTo(sender);
        Assert.Equal($"Înregistrat: {o.Case!.RegistrationNumber}", reply.Subject);
        Assert.Contains(o.Case.TrackingCode, reply.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quarantine_ListShowsReason_RetryReleasesSpam()
    {
        var sender = EmailFactory.NewSender("held");
        var m = Mail.Text(sender, "par@demo.ghiseu.ro", "Nu e spam", "Mesaj legitim marcat greșit.");
        m.Headers.Add("X-Spam-Flag", "YES");
        await f.SendAsync(m);
        var row = await f.ProcessedAsync(sender);
        Assert.Equal(InboundState.Spam, row.State);
        using var admin = await f.Admin();
        var list = await (await admin.GetAsync($"/api/v1/email/inbound?state=spam&sender={sender}")).Body();
        Assert.Equal(row.Id, list.AsArray().Single()!["id"]!.GetValue<Guid>());
        var raw = await admin.GetAsync($"/api/v1/email/inbound/{row.Id}/raw");
        Assert.Contains("Mesaj legitim", await raw.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/v1/email/inbound/{row.Id}/retry", null)).StatusCode);
        var done = await f.ProcessedAsync(sender, state: InboundState.Processed);
        Assert.NotNull(done.CaseId);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/v1/email/inbound/{row.Id}/retry", null)).StatusCode);
        // The trail holds the person's release, not the system's receipt and processing (the row itself records those).
        var trail = await f.Db(db => db.AuditEntries.Where(a => a.EntityType == nameof(InboundEmail) && a.EntityId == row.Id.ToString()).ToListAsync());
        var release = Assert.Single(trail);
        Assert.Equal("update", release.Action);
        Assert.Equal("admin@demo.ghiseu.ro", release.UserName);
        Assert.Contains("\"released\"", release.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quarantine_UnreadableSender_ShowsReason()
    {
        var sender = EmailFactory.NewSender("q");
        var m = Mail.Text(sender, "par@demo.ghiseu.ro", "Expeditor lipsă", "text");
        m.From.Clear();
        m.From.Add(new MimeKit.MailboxAddress("Nimeni", "nimeni"));
        m.Sender = new MimeKit.MailboxAddress("", sender);
        await f.SendAsync(m);
        var row = await f.ProcessedAsync(sender);
        using var admin = await f.Admin();
        var one = await (await admin.GetAsync($"/api/v1/email/inbound/{row.Id}")).Body();
        Assert.Equal("quarantined", one["state"]!.GetValue<string>());
        Assert.Contains("sender", one["lastError"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ImapAccount_PasswordIsNeverShown()
    {
        using var admin = await f.Admin();
        var created = await admin.PostAsJsonAsync("/api/v1/email/imap-accounts", new
        {
            name = "secret", host = "127.0.0.1", port = 1, useTls = false, user = "u", password = "very-secret-password", unit = "VIE", enabled = false,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var text = await (await admin.GetAsync("/api/v1/email/imap-accounts")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("very-secret-password", text, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret-password", await f.Db(db => db.ImapAccounts.Select(a => a.ProtectedSecret).FirstAsync()), StringComparison.Ordinal);
        var missing = await admin.PostAsJsonAsync("/api/v1/email/imap-accounts", new { name = "x", host = "h", port = 143, useTls = false, user = "u", unit = "VIE" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }
}
