using System.Net;
using System.Net.Http.Json;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Portal;

[Collection(ApiCollection.Name)]
public class PortalRulesTests(GhiseuFactory app)
{
    [Fact]
    public async Task Submit_SeveralMistakes_AllReportedAtOnceAndNothingStored()
    {
        using var anon = app.CreateClient();
        var email = $"bad.{Guid.NewGuid():N}@example";
        var response = await anon.PostAsJsonAsync("/api/v1/portal/requests", new
        {
            unit = "PAR", category = "civil-status", description = "Transcriere certificat, vă rog.",
            citizen = new { name = "Ana", email }, consent = false,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Body())["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("consent"));
        Assert.True(errors.ContainsKey("citizen.email"));
        Assert.True(errors.ContainsKey("fields.document"));
        Assert.Equal(0, await app.Db(db => db.ContactPoints.CountAsync(p => p.Value == email)));
    }

    [Fact]
    public async Task Submit_SmsAnswerWithoutPhone_400OnThePhone()
    {
        using var anon = app.CreateClient();
        var response = await anon.PostAsJsonAsync("/api/v1/portal/requests", new
        {
            unit = "MAD", category = "information", description = "Care este programul secției consulare?",
            citizen = new { name = "Ion", email = $"ion.{Guid.NewGuid():N}@example.com" }, consent = true, replyChannel = "sms",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("SMS", (await response.Body())["errors"]!["citizen.phone"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_InRomanian_MessagesInRomanian()
    {
        using var anon = app.CreateClient();
        anon.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ro-RO");
        var response = await anon.PostAsJsonAsync("/api/v1/portal/requests", new
        {
            unit = "MAD", category = "information", description = "Care este programul?", citizen = new { name = "Ion", email = "ion@example.com" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("Pentru înregistrarea cererii este nevoie de acordul", (await response.Body())["errors"]!["consent"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_ReplyChannel_StaffSeeWhereToAnswer()
    {
        using var anon = app.CreateClient();
        var response = await anon.PostAsJsonAsync("/api/v1/portal/requests", new
        {
            unit = "PAR", category = "information", description = "Aș dori o programare pentru procură.", consent = true, replyChannel = "sms",
            citizen = new { name = "Ion Sms", email = $"sms.{Guid.NewGuid():N}@example.com", phone = "+33 6 12 34 56 78" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var number = (await response.Body()).Str("registrationNumber");

        var paris = await app.Paris();
        var page = await (await paris.GetAsync($"/api/v1/cases?q={number}")).Body();
        Assert.Equal("sms", page["items"]![0]!.Str("replyChannel"));
    }
}

public class PortalPageLimitTests(LimitedFactory app) : IClassFixture<LimitedFactory>
{
    [Fact]
    public async Task RequestPage_ReadingIsFreeSendingIsLimited_BrowserGetsAReadablePage()
    {
        using var browser = app.CreateClient();
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        for (var i = 0; i < 6; i++)
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/request?unit=PAR&category=information")).StatusCode);

        var codes = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 4; i++)
        {
            last = await browser.PostAsync("/request?unit=PAR&category=information", new FormUrlEncodedContent([new("description", "x")]));
            codes.Add(last.StatusCode);
        }

        // Without the form's anti-forgery token a post is refused, and still counts.
        Assert.All(codes.Take(3), c => Assert.Equal(HttpStatusCode.BadRequest, c));
        Assert.Equal(HttpStatusCode.TooManyRequests, codes[3]);
        Assert.StartsWith("text/html", last.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("Too many attempts", await last.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownAddress_BrowserGetsAPageProgramGetsProblem()
    {
        using var client = app.CreateClient();
        using var page = new HttpRequestMessage(HttpMethod.Get, "/no-such-page");
        page.Headers.Accept.ParseAdd("text/html");
        var html = await client.SendAsync(page);
        Assert.Equal(HttpStatusCode.NotFound, html.StatusCode);
        Assert.Contains("Page not found", await html.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var api = await client.GetAsync("/api/v1/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }
}
