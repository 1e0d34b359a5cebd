using System.Net;
using Ghiseu.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Ghiseu.Tests.Security;

/// <summary>
/// A host whose connections come from the address in the test's X-Test-Peer header (loopback by
/// default), with one proxy and one network trusted, and a public submission limit of one an hour.
/// </summary>
public sealed class ProxyFactory : GhiseuFactory
{
    protected override int DemoCases => 0;

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Ghiseu:ForwardedHeaders:KnownNetworks:0", "10.20.0.0/16"),
        new("Ghiseu:TrustedProxies:0", "192.0.2.7"),
        new("Ghiseu:RateLimits:SubmitPerHour", "1"),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddTransient<IStartupFilter, PeerFilter>());
    }

    private sealed class PeerFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, go) =>
            {
                http.Connection.RemoteIpAddress = IPAddress.Parse(http.Request.Headers["X-Test-Peer"].FirstOrDefault() ?? "127.0.0.1");
                return go(http);
            });
            next(app);
        };
    }
}

public class ProxyAndLimitTests(ProxyFactory app) : IClassFixture<ProxyFactory>
{
    private async Task<HttpResponseMessage> FromPeer(string peer, string path = "/request")
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Test-Peer", peer);
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        request.Headers.Add("X-Forwarded-Proto", "https");
        return await client.SendAsync(request);
    }

    private static bool SeenAsHttps(HttpResponseMessage r) => r.Headers.Contains("Strict-Transport-Security");

    [Fact]
    public async Task ForwardedHeaders_FromLoopback_NotBelieved()
    {
        var response = await FromPeer("127.0.0.1");
        Assert.False(SeenAsHttps(response));
        Assert.DoesNotContain(WebHardeningTests.Cookies(response), c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        Assert.False(SeenAsHttps(await FromPeer("::1")));
        Assert.False(SeenAsHttps(await FromPeer("198.51.100.1")));
    }

    [Fact]
    public async Task ForwardedHeaders_FromConfiguredProxyOrNetwork_Believed()
    {
        var viaNetwork = await FromPeer("10.20.3.4");
        Assert.True(SeenAsHttps(viaNetwork));
        Assert.Contains(WebHardeningTests.Cookies(viaNetwork), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal)
            && c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        Assert.True(SeenAsHttps(await FromPeer("192.0.2.7"))); // the earlier setting name still counts
    }

    [Theory]
    [InlineData("en", "Please try again in 1 hour.", "try again in 1 hour")]
    [InlineData("ro", "Vă rugăm să încercați din nou peste 1 oră.", "try again in 1 hour")]
    public async Task TooManyRequests_TextNamesTheRealWait(string language, string pageText, string problemText)
    {
        var peer = $"198.51.100.{(language == "en" ? 20 : 21)}";
        using var client = app.CreateClient();
        async Task<HttpResponseMessage> Post(bool html)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, html ? $"/request?culture={language}" : "/api/v1/portal/requests")
            {
                Content = html ? new FormUrlEncodedContent([new("x", "y")]) : new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Test-Peer", peer);
            request.Headers.AcceptLanguage.ParseAdd(language);
            if (html) request.Headers.Accept.ParseAdd("text/html");
            return await client.SendAsync(request);
        }
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await Post(html: true)).StatusCode);
        var page = await Post(html: true);
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        var retry = int.Parse(page.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retry, 3541, 3600);
        var text = System.Net.WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains(pageText, text, StringComparison.Ordinal);
        Assert.DoesNotContain("minut", text, StringComparison.OrdinalIgnoreCase);
        var api = await Post(html: false);
        Assert.Equal(HttpStatusCode.TooManyRequests, api.StatusCode);
        Assert.Contains(problemText, (await api.Body()).Str("detail"), StringComparison.Ordinal);
    }
}
