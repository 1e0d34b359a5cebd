using System.Net;
using System.Net.Http.Json;
using Ghiseu.Tests.Infrastructure;

namespace Ghiseu.Tests.Portal;

/// <summary>A host with the real, small public limits.</summary>
public sealed class LimitedFactory : GhiseuFactory
{
    protected override int DemoCases => 0;

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("Ghiseu:RateLimits:SubmitPerHour", "3"), new("Ghiseu:RateLimits:TrackingPerMinute", "5")];
}

public class PortalFloodTests(LimitedFactory app) : IClassFixture<LimitedFactory>
{
    [Fact]
    public async Task Submit_FloodFromOneAddress_Gets429AfterTheLimit()
    {
        using var anon = app.CreateClient();
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var response = await anon.PostAsJsonAsync("/api/v1/portal/requests", new
            {
                unit = "MAD", category = "information", description = $"Întrebare numărul {i} despre program.", consent = true,
                citizen = new { name = "Flood", email = $"flood{i}.{Guid.NewGuid():N}@example.com" },
            });
            codes.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], codes);
    }

    [Fact]
    public async Task Track_Guessing_Gets429AfterTheLimit()
    {
        using var anon = app.CreateClient();
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++) codes.Add((await anon.GetAsync($"/api/v1/portal/requests/MAD-2026-00000{i}?code=GUESS{i}")).StatusCode);
        Assert.Equal(5, codes.Count(c => c == HttpStatusCode.NotFound));
        Assert.Equal(2, codes.Count(c => c == HttpStatusCode.TooManyRequests));
    }
}
