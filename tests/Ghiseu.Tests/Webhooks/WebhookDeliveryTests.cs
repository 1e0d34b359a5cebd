using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Ghiseu.Features.Webhooks;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Webhooks;

public class WebhookDeliveryTests(WebhooksFactory app) : IClassFixture<WebhooksFactory>
{
    internal static async Task Until(Func<Task<bool>> done, string what, int seconds = 30)
    {
        var end = DateTime.UtcNow.AddSeconds(seconds);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < end, $"waited {seconds} s for: {what}");
            await Task.Delay(50);
        }
    }

    internal static async Task<JsonNode> Register(HttpClient client, string url, string[]? events = null, string[]? units = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/admin/webhooks", new { url, events = events ?? ["created"], units = units ?? ["PAR"] });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    [Fact]
    public async Task Delivery_IsSigned_AndCarriesNoCitizenData()
    {
        var admin = await app.Admin();
        var path = $"signed-{Guid.NewGuid():N}";
        var hook = await Register(admin, app.Receiver.Url(path), ["created", "status-changed"]);
        var secret = hook.Str("secret");
        Assert.StartsWith("whsec_", secret);

        var paris = await app.Paris();
        var c = await paris.CreateCase(citizen: new { name = "Ioana Secretă", email = "ioana.secreta@example.com" });
        await paris.PostAsJsonAsync($"/api/v1/cases/{c.Str("id")}/status", new { status = "open" });
        await Until(() => Task.FromResult(app.Receiver.On(path).Count >= 2), "two deliveries");

        foreach (var r in app.Receiver.On(path))
        {
            // Verified as a receiver would, from the documentation: HMAC-SHA256 of "t.body" with the secret.
            var parts = r.Headers["Ghiseu-Signature"].Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(parts["t"] + "." + r.Body)));
            Assert.Equal(expected, parts["v1"]);
            Assert.Equal(parts["t"], r.Headers["Ghiseu-Timestamp"]);
            Assert.True(WebhookSignature.Verify(secret, r.Headers["Ghiseu-Signature"], r.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
            Assert.False(WebhookSignature.Verify(secret, r.Headers["Ghiseu-Signature"], r.Body + " ", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
            var body = JsonNode.Parse(r.Body)!;
            Assert.Equal(r.Headers["Ghiseu-Event-Id"], body.Str("id"));
            Assert.Equal(c.Str("registrationNumber"), body["case"]!.Str("registrationNumber"));
            Assert.Equal("PAR", body["case"]!.Str("unit"));
            Assert.DoesNotContain("Ioana", r.Body);
            Assert.DoesNotContain("ioana.secreta", r.Body);
        }
        var types = app.Receiver.On(path).Select(r => JsonNode.Parse(r.Body)!.Str("type")).ToList();
        Assert.Contains("case.created", types);
        Assert.Contains("case.status-changed", types);

        // The secret is never shown again.
        var id = hook.Str("id");
        Assert.DoesNotContain(secret, await admin.GetStringAsync($"/api/v1/admin/webhooks/{id}"));
        Assert.DoesNotContain("secret", await admin.GetStringAsync("/api/v1/admin/webhooks"), StringComparison.OrdinalIgnoreCase);
        var stored = await app.Db(db => db.Set<Webhook>().AsNoTracking().SingleAsync(w => w.Id == Guid.Parse(id)));
        Assert.DoesNotContain(secret, stored.ProtectedSecret);
        var audit = await app.Db(db => db.AuditEntries.AsNoTracking().Where(a => a.EntityType == nameof(Webhook) && a.EntityId == id).ToListAsync());
        Assert.Single(audit, a => a.Action == "create");
        Assert.All(audit, a => Assert.DoesNotContain("protectedSecret", a.Details ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Receiver500Then200_IsRetried_AndTheLogShowsBoth()
    {
        var admin = await app.Admin();
        var path = $"flaky-{Guid.NewGuid():N}";
        app.Receiver.Script[$"/{path}"] = new([500]);
        var hook = await Register(admin, app.Receiver.Url(path));
        await (await app.Paris()).CreateCase();

        JsonNode? delivery = null;
        await Until(async () =>
        {
            var log = (await (await admin.GetAsync($"/api/v1/admin/webhooks/{hook.Str("id")}/deliveries")).Body()).AsArray();
            delivery = log.FirstOrDefault();
            return delivery?.Str("state") == "delivered";
        }, "the retried delivery");
        var attempts = delivery!["attemptLog"]!.AsArray();
        Assert.Equal([500, 200], attempts.Select(a => a!["statusCode"]!.GetValue<int>()));
        Assert.Equal("answer 500", attempts[0]!.Str("response"));
        // Both tries carried the same event id, for the receiver to tell a repeat.
        Assert.Single(app.Receiver.On(path).Select(r => r.Headers["Ghiseu-Event-Id"]).Distinct());
    }

    [Fact]
    public async Task ASlowFailingHook_DoesNotDelayAnother()
    {
        var admin = await app.Admin();
        var slow = $"slow-{Guid.NewGuid():N}";
        var fast = $"fast-{Guid.NewGuid():N}";
        app.Receiver.Slow[$"/{slow}"] = TimeSpan.FromSeconds(5); // past the 2 s timeout, every time
        var slowHook = await Register(admin, app.Receiver.Url(slow));
        await Register(admin, app.Receiver.Url(fast));
        var paris = await app.Paris();
        for (var i = 0; i < 12; i++) await paris.CreateCase();
        await Until(() => Task.FromResult(app.Receiver.On(fast).Count >= 12), "every delivery to the healthy hook", 30);
        var last = app.Receiver.On(fast).Max(r => r.At);
        // Twelve deliveries to the slow hook time out in rounds (a few at a time, 2 s each): had the
        // healthy hook waited behind them, its last delivery would come after the slow hook's last try began.
        var slowId = Guid.Parse(slowHook.Str("id"));
        await Until(async () => await app.Db(db => db.Set<WebhookAttempt>().CountAsync(a => a.WebhookId == slowId && a.Error != null)) >= 12,
            "twelve timed-out attempts", 60);
        var twelfth = (await app.Db(db => db.Set<WebhookAttempt>().AsNoTracking().Where(a => a.WebhookId == slowId)
            .Select(a => a.At).ToListAsync())).Order().ElementAt(11);
        Assert.True(last < twelfth, $"the healthy hook's last delivery at {last:O}, the slow hook's twelfth try at {twelfth:O}");
        var attempt = await app.Db(db => db.Set<WebhookAttempt>().AsNoTracking().FirstAsync(a => a.WebhookId == slowId && a.Error != null));
        Assert.Contains("timed out", attempt.Error);
        Assert.Null(attempt.StatusCode);
    }

    [Fact]
    public async Task Gone_TurnsTheHookOff()
    {
        var admin = await app.Admin();
        var path = $"gone-{Guid.NewGuid():N}";
        app.Receiver.Script[$"/{path}"] = new([410]);
        var hook = await Register(admin, app.Receiver.Url(path));
        await (await app.Paris()).CreateCase();
        await Until(async () => (await (await admin.GetAsync($"/api/v1/admin/webhooks/{hook.Str("id")}")).Body())["enabled"]!.GetValue<bool>() == false, "the hook turned off");
        var again = await (await admin.GetAsync($"/api/v1/admin/webhooks/{hook.Str("id")}")).Body();
        Assert.Contains("410", again.Str("disabledReason"));
    }

    [Fact]
    public async Task AnAddressThatTurnsPrivate_IsRefusedAtConnect()
    {
        var admin = await app.Admin();
        var host = $"rebind-{Guid.NewGuid():N}.example";
        app.Names.Answers[host] = [IPAddress.Parse("93.184.215.14")];
        var hook = await Register(admin, $"http://{host}:{app.Receiver.Port}/rebound");
        app.Names.Answers[host] = [IPAddress.Parse("10.1.2.3"), IPAddress.Parse("169.254.169.254")];
        await (await app.Paris()).CreateCase();

        var id = Guid.Parse(hook.Str("id"));
        await Until(async () => await app.Db(db => db.Set<WebhookDelivery>().AnyAsync(d => d.WebhookId == id && d.State == DeliveryState.Failed)), "the refused delivery");
        var attempt = await app.Db(db => db.Set<WebhookAttempt>().AsNoTracking().SingleAsync(a => a.WebhookId == id));
        Assert.StartsWith(WebhookHttp.Refused, attempt.Error);
        Assert.Null(attempt.StatusCode);
    }
}
