using System.Net;
using System.Net.Http.Json;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Notifications;

/// <summary>A host wired to a real SMTP server and a real HTTP SMS gateway on loopback.</summary>
public sealed class NotificationFactory : GhiseuFactory
{
    public SmtpPeer Smtp { get; private set; } = null!;
    public HttpPeer Sms { get; private set; } = null!;

    protected override int DemoCases => 0;

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Ghiseu:Email:Outbound:Host", "127.0.0.1"),
        new("Ghiseu:Email:Outbound:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Ghiseu:Email:Outbound:UseTls", "false"),
        new("Ghiseu:Email:Outbound:From", "Ghiseu Paris <paris@demo.ghiseu.ro>"),
        new("Ghiseu:Sms:Url", $"http://127.0.0.1:{Sms.Port}/2010-04-01/Accounts/AC123/Messages.json"),
        new("Ghiseu:Sms:User", "AC123"),
        new("Ghiseu:Sms:Password", "secret"),
        new("Ghiseu:Sms:From", "+40700000000"),
        new("Ghiseu:Portal:PublicUrl", "https://ghiseu.example.ro"),
    ];

    public override async Task InitializeAsync()
    {
        Smtp = new SmtpPeer();
        Sms = new HttpPeer();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
        await Sms.DisposeAsync();
    }
}

public class NotificationTests(NotificationFactory app) : IClassFixture<NotificationFactory>
{
    private static async Task<T> Eventually<T>(Func<Task<T?>> probe, string what, int seconds = 20) where T : class
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            if (await probe() is { } found) return found;
            await Task.Delay(200);
        }
        throw new TimeoutException($"Timed out waiting for {what}.");
    }

    [Fact]
    public async Task CreateCase_CitizenWithEmailAndMobile_GetsEmailAndSmsWithNumber()
    {
        var client = await app.Paris();
        var email = $"notify.{Guid.NewGuid():N}@example.com";
        var c = await client.CreateCase(citizen: new { name = "Ioana Notificare", email, phone = "0722 111 222", language = "ro" });
        var number = c.Str("registrationNumber");

        var mail = await Eventually(() => Task.FromResult(app.Smtp.Received.FirstOrDefault(m => m.To.ToString().Contains(email, StringComparison.Ordinal))), "the email");
        Assert.Contains(number, mail.Subject, StringComparison.Ordinal);
        Assert.Contains("Am primit", mail.Subject, StringComparison.Ordinal);
        Assert.Contains($"https://ghiseu.example.ro/track/{number}?code={c.Str("trackingCode")}", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal("auto-generated", mail.Headers["Auto-Submitted"]);

        var sms = await Eventually(() => Task.FromResult(app.Sms.Received.FirstOrDefault(r => r.Body.Contains(Uri.EscapeDataString(number), StringComparison.Ordinal))), "the SMS");
        Assert.Contains("To=%2B40722111222", sms.Body, StringComparison.Ordinal);
        Assert.StartsWith("application/x-www-form-urlencoded", sms.ContentType, StringComparison.Ordinal);
        Assert.Equal("Basic " + Convert.ToBase64String("AC123:secret"u8.ToArray()), sms.Authorization);

        var id = c["id"]!.GetValue<Guid>();
        var states = await Eventually(async () =>
        {
            var s = await app.Db(db => db.Interactions.Where(i => i.CaseId == id && i.Direction == Ghiseu.Features.Cases.Direction.Outbound).Select(i => i.DeliveryState).ToListAsync());
            return s.Count == 2 && s.All(x => x == "sent") ? s : null;
        }, "both deliveries recorded as sent");
        Assert.Equal(2, states.Count);
    }

    [Fact]
    public async Task CreateCase_SmtpRefusesThenAccepts_RetriedAndRecorded()
    {
        var client = await app.Paris();
        var email = $"retry.{Guid.NewGuid():N}@example.com";
        app.Smtp.Refuse(1);
        var c = await client.CreateCase(citizen: new { name = "Retry Person", email, language = "en" });
        var id = c["id"]!.GetValue<Guid>();

        var failed = await Eventually(() => app.Db(db => db.Interactions.Where(i => i.CaseId == id && i.Kind == Ghiseu.Features.Cases.InteractionKind.Email && i.DeliveryState!.StartsWith("failed")).Select(i => i.DeliveryState).FirstOrDefaultAsync()), "the failure to be recorded");
        Assert.StartsWith("failed", failed, StringComparison.Ordinal);
        var mail = await Eventually(() => Task.FromResult(app.Smtp.Received.FirstOrDefault(m => m.To.ToString().Contains(email, StringComparison.Ordinal))), "the retried email", seconds: 30);
        Assert.Contains("We received your request", mail.Subject, StringComparison.Ordinal);
        var outbox = await Eventually(() => app.Db(db => db.OutboxMessages.Where(m => m.Type == "notify.email" && m.Payload.Contains(email) && m.ProcessedAt != null).FirstOrDefaultAsync()), "the outbox message to be done");
        Assert.Equal(1, outbox.Attempts);
    }

    [Fact]
    public async Task Resolve_CitizenIsToldInTheirLanguage_FixedLineGetsNoSms()
    {
        var client = await app.Paris();
        var email = $"status.{Guid.NewGuid():N}@example.com";
        var c = await client.CreateCase(citizen: new { name = "Status Person", email, phone = "+33 1 42 68 53 00", language = "ro" });
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/cases/{c.Str("id")}/status", new { status = "resolved" })).StatusCode);
        var mail = await Eventually(() => Task.FromResult(app.Smtp.Received.FirstOrDefault(m => m.To.ToString().Contains(email, StringComparison.Ordinal) && (m.Subject ?? "").Contains("soluționată", StringComparison.Ordinal))), "the status email");
        Assert.Contains(c.Str("registrationNumber"), mail.TextBody, StringComparison.Ordinal);
        var id = c["id"]!.GetValue<Guid>();
        Assert.Equal(0, await app.Db(db => db.Interactions.CountAsync(i => i.CaseId == id && i.Kind == Ghiseu.Features.Cases.InteractionKind.Sms)));
    }

    [Fact]
    public async Task Reply_ByEmailAndSms_ReachesCitizenAndIsMarkedSent()
    {
        var client = await app.Paris();
        var email = $"reply.{Guid.NewGuid():N}@example.com";
        var c = await client.CreateCase(citizen: new { name = "Reply Person", email, phone = "+40 733 444 555" });
        var id = c.Str("id");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/cases/{id}/messages", new { body = "Documentele sunt gata.", channel = "email" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/cases/{id}/messages", new { body = "Puteti ridica pasaportul.", channel = "sms" })).StatusCode);
        var mail = await Eventually(() => Task.FromResult(app.Smtp.Received.FirstOrDefault(m => m.To.ToString().Contains(email, StringComparison.Ordinal) && (m.TextBody ?? "").Contains("Documentele sunt gata.", StringComparison.Ordinal))), "the reply email");
        Assert.StartsWith($"[{c.Str("registrationNumber")}]", mail.Subject, StringComparison.Ordinal);
        await Eventually(() => Task.FromResult(app.Sms.Received.FirstOrDefault(r => r.Body.Contains("ridica", StringComparison.Ordinal) && r.Body.Contains("%2B40733444555", StringComparison.Ordinal))), "the reply SMS");
        var caseId = Guid.Parse(id);
        await Eventually(async () =>
        {
            var states = await app.Db(db => db.Interactions.Where(i => i.CaseId == caseId && i.AuthorName != "Ghiseu" && i.Direction == Ghiseu.Features.Cases.Direction.Outbound).Select(i => i.DeliveryState).ToListAsync());
            return states.Count == 2 && states.All(s => s == "sent") ? states : null;
        }, "both replies marked sent");
    }

    [Fact]
    public async Task Reply_ChannelWithoutAddress_Returns422AndWritesNothing()
    {
        var client = await app.Paris();
        var landline = $"+40 21 3{Random.Shared.Next(100000, 999999)}"; // Bucharest fixed line, unique to this test
        var c = await client.CreateCase(citizen: new { name = "No Email", phone = landline });
        var before = await app.Db(db => db.Interactions.CountAsync(i => i.CaseId == Guid.Parse(c.Str("id"))));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.PostAsJsonAsync($"/api/v1/cases/{c.Str("id")}/messages", new { body = "x", channel = "email" })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.PostAsJsonAsync($"/api/v1/cases/{c.Str("id")}/messages", new { body = "x", channel = "sms" })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.PostAsJsonAsync($"/api/v1/cases/{c.Str("id")}/messages", new { body = "x", channel = "chat" })).StatusCode);
        Assert.Equal(before, await app.Db(db => db.Interactions.CountAsync(i => i.CaseId == Guid.Parse(c.Str("id")))));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/cases/{c.Str("id")}/messages", new { body = "Vedeți portalul.", channel = "portal" })).StatusCode);
    }
}
