using System.Net;
using System.Net.Http.Json;
using Ghiseu.Features.Identity;
using Ghiseu.Features.Webhooks;
using Ghiseu.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Ghiseu.Tests.Webhooks;

public class WebhookRegistrationTests(WebhooksFactory app) : IClassFixture<WebhooksFactory>
{
    [Theory]
    [InlineData("http://10.0.0.5/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]:8080/hook")]
    [InlineData("http://127.0.0.2/hook")]
    [InlineData("http://[::ffff:192.168.1.1]/hook")]
    [InlineData("http://private-name.example/hook")]
    [InlineData("ftp://example.com/hook")]
    public async Task ANonPublicAddress_IsRefusedAtRegistration(string url)
    {
        app.Names.Answers["private-name.example"] = [IPAddress.Parse("93.184.215.14"), IPAddress.Parse("192.168.10.20")];
        var response = await (await app.Admin()).PostAsJsonAsync("/api/v1/admin/webhooks", new { url, events = new[] { "created" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull((await response.Body())["errors"]!["url"]);
    }

    [Fact]
    public async Task UnknownEventsAndUnits_AreValidationProblems()
    {
        var response = await (await app.Admin()).PostAsJsonAsync("/api/v1/admin/webhooks",
            new { url = app.Receiver.Url("x"), events = new[] { "exploded" }, units = new[] { "NOPE" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Body())["errors"]!;
        Assert.NotNull(errors["events"]);
        Assert.NotNull(errors["units"]);
    }

    [Fact]
    public async Task WithoutTheAllowList_LoopbackAndHttpAreRefused()
    {
        var strict = new WebhookAddresses(new Fixed(new WebhookOptions()), new HostResolver());
        Assert.False(strict.Allows(IPAddress.Loopback));
        Assert.False(strict.Allows(IPAddress.Parse("10.1.2.3")));
        Assert.False(strict.Allows(IPAddress.Parse("fd00::1")));
        Assert.False(strict.Allows(IPAddress.Parse("64:ff9b::a01:203"))); // NAT64 of 10.1.2.3
        Assert.True(strict.Allows(IPAddress.Parse("93.184.215.14")));
        Assert.Equal(WebhookTexts.Get("UrlNotHttps"), await strict.ProblemWithAsync("http://93.184.215.14/x", default));
        Assert.Equal(WebhookTexts.Get("UrlNotPublic"), await strict.ProblemWithAsync("https://127.0.0.1/x", default));
        Assert.Null(await strict.ProblemWithAsync("https://93.184.215.14/x", default));
        var open = new WebhookAddresses(new Fixed(new WebhookOptions { AllowPrivateNetworks = true }), new HostResolver());
        Assert.True(open.Allows(IPAddress.Parse("10.1.2.3")));
        Assert.False(open.Allows(IPAddress.Parse("224.0.0.1")));
    }

    [Fact]
    public async Task AgentsAndStrangers_CannotListOrRegister()
    {
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/admin/webhooks")).StatusCode);
        var agent = await app.Paris();
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/admin/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/v1/admin/webhooks",
            new { url = app.Receiver.Url("agent"), events = new[] { "created" }, units = new[] { "PAR" } })).StatusCode);
    }

    [Fact]
    public async Task AUnitAdministrator_RegistersForTheirUnitsOnly()
    {
        var madrid = await app.SignIn((await app.CreateStaff(Roles.UnitAdmin, "MAD")).Email!);
        var paris = await app.SignIn((await app.CreateStaff(Roles.UnitAdmin, "PAR")).Email!);
        var parisHook = await WebhookDeliveryTests.Register(paris, app.Receiver.Url("par-admin"), units: ["PAR"]);

        var refused = await madrid.PostAsJsonAsync("/api/v1/admin/webhooks", new { url = app.Receiver.Url("mad"), events = new[] { "created" }, units = new[] { "PAR" } });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await madrid.PostAsJsonAsync("/api/v1/admin/webhooks",
            new { url = app.Receiver.Url("mad"), events = new[] { "created" } })).StatusCode);
        Assert.DoesNotContain(parisHook.Str("id"), await madrid.GetStringAsync("/api/v1/admin/webhooks"));
        Assert.Equal(HttpStatusCode.NotFound, (await madrid.GetAsync($"/api/v1/admin/webhooks/{parisHook.Str("id")}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await madrid.DeleteAsync($"/api/v1/admin/webhooks/{parisHook.Str("id")}")).StatusCode);
        Assert.Contains(parisHook.Str("id"), await paris.GetStringAsync("/api/v1/admin/webhooks"));
        // Every unit is the system's to give.
        Assert.Contains(parisHook.Str("id"), await (await app.Admin()).GetStringAsync("/api/v1/admin/webhooks"));
    }

    [Fact]
    public async Task UpdateRotateAndDelete()
    {
        var admin = await app.Admin();
        var hook = await WebhookDeliveryTests.Register(admin, app.Receiver.Url("crud"), units: []);
        var id = hook.Str("id");
        Assert.Null(hook["units"]);
        var off = await admin.PatchAsJsonAsync($"/api/v1/admin/webhooks/{id}", new { enabled = false, events = new[] { "case.merged", "assigned" } });
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        var body = await off.Body();
        Assert.False(body["enabled"]!.GetValue<bool>());
        Assert.Equal(["merged", "assigned"], body["events"]!.AsArray().Select(e => e!.GetValue<string>()));
        var rotated = await (await admin.PostAsync($"/api/v1/admin/webhooks/{id}/rotate-secret", null)).Body();
        Assert.NotEqual(hook.Str("secret"), rotated.Str("secret"));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/admin/webhooks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/admin/webhooks/{id}")).StatusCode);
    }

    private sealed class Fixed(WebhookOptions value) : IOptionsMonitor<WebhookOptions>
    {
        public WebhookOptions CurrentValue => value;
        public WebhookOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<WebhookOptions, string?> listener) => null;
    }
}
