using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Ghiseu.Tests.Infrastructure;

namespace Ghiseu.Tests.Operations;

public sealed class MetricsFactory : GhiseuFactory
{
    protected override int DemoCases => 0;

    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Ghiseu:Metrics:Token", "scrape-secret")];
}

public class MetricsTests(MetricsFactory app) : IClassFixture<MetricsFactory>
{
    [Fact]
    public async Task Metrics_WithTheToken_PrometheusTextWithCasesPerChannel()
    {
        using var anon = app.CreateClient();
        var created = await anon.PostAsJsonAsync("/api/v1/portal/requests", new
        {
            unit = "MAD", category = "information", description = "Care este programul secției?", consent = true,
            citizen = new { name = "Metric", email = $"m.{Guid.NewGuid():N}@example.com" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        scrape.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "scrape-secret");
        var response = await anon.SendAsync(scrape);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("ghiseu_cases_created_total{", text, StringComparison.Ordinal);
        Assert.Contains("channel=\"portal\"", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_WithoutTheToken_NotFound()
    {
        using var anon = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync("/metrics")).StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "guess");
        Assert.Equal(HttpStatusCode.NotFound, (await anon.SendAsync(wrong)).StatusCode);
    }
}
