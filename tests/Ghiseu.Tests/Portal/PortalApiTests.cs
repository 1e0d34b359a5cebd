using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Portal;

[Collection(ApiCollection.Name)]
public class PortalApiTests(GhiseuFactory app)
{
    private static object Request(string email, bool consent = true, string? website = null, object? citizen = null) => new
    {
        unit = "PAR", category = "civil-status", description = "Solicit transcrierea certificatului de naștere al fiicei mele.",
        citizen = citizen ?? new { name = "Ana Portal", email, phone = "+33 6 11 22 33 44", language = "ro" },
        fields = new Dictionary<string, string> { ["document"] = "naștere" }, consent, website,
    };

    private async Task<JsonNode> SubmitAsync(HttpClient anon, string email)
    {
        var response = await anon.PostAsJsonAsync("/api/v1/portal/requests", Request(email));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Body();
    }

    [Fact]
    public async Task Submit_Json_ReturnsReceiptAndTrackingShowsTheRequest()
    {
        using var anon = app.CreateClient();
        var receipt = await SubmitAsync(anon, $"portal.{Guid.NewGuid():N}@example.com");
        var number = receipt.Str("registrationNumber");
        Assert.StartsWith("PAR-", number, StringComparison.Ordinal);
        Assert.EndsWith($"/track/{number}?code={receipt.Str("trackingCode")}", receipt.Str("trackingUrl"), StringComparison.Ordinal);
        var status = await (await anon.GetAsync($"/api/v1/portal/requests/{number}?code={receipt.Str("trackingCode").ToLowerInvariant()}")).Body();
        Assert.Equal("new", status.Str("status"));
        Assert.Equal("civil-status", status.Str("category"));
        var first = status["messages"]!.AsArray()[0]!;
        Assert.Equal("inbound", first.Str("direction"));
        Assert.Contains("transcrierea", first.Str("body"), StringComparison.Ordinal);
        var c = await app.Db(db => db.Cases.IgnoreQueryFilters().SingleAsync(x => x.RegistrationNumber == number));
        Assert.Equal(Ghiseu.Features.Cases.Channel.Portal, c.Channel);
    }

    [Fact]
    public async Task Track_WrongCodeOrNumber_Is404AfterTheSameDelay()
    {
        using var anon = app.CreateClient();
        var receipt = await SubmitAsync(anon, $"track.{Guid.NewGuid():N}@example.com");
        foreach (var url in new[] { $"/api/v1/portal/requests/{receipt.Str("registrationNumber")}?code=AAAAAAAAAAAA", "/api/v1/portal/requests/PAR-1999-000001?code=AAAAAAAAAAAA" })
        {
            var clock = Stopwatch.StartNew();
            var response = await anon.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.True(clock.ElapsedMilliseconds >= 380, $"answered in {clock.ElapsedMilliseconds} ms");
            Assert.DoesNotContain("transcrierea", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(false, null, "consent")]
    [InlineData(true, "http://spam.example", "website")]
    public async Task Submit_WithoutConsentOrWithHoneypot_Refused(bool consent, string? website, string field)
    {
        using var anon = app.CreateClient();
        var email = $"refused.{Guid.NewGuid():N}@example.com";
        var response = await anon.PostAsJsonAsync("/api/v1/portal/requests", Request(email, consent, website));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Body())["errors"]!.AsObject().ContainsKey(field));
        Assert.Equal(0, await app.Db(db => db.ContactPoints.CountAsync(p => p.Value == email)));
    }

    [Fact]
    public async Task Submit_NoContactOrBadPhone_FieldErrors()
    {
        using var anon = app.CreateClient();
        var none = await anon.PostAsJsonAsync("/api/v1/portal/requests", Request("", citizen: new { name = "Anonim" }));
        Assert.True((await none.Body())["errors"]!.AsObject().ContainsKey("citizen.email"));
        var bad = await anon.PostAsJsonAsync("/api/v1/portal/requests", Request("", citizen: new { name = "X", phone = "123" }));
        Assert.True((await bad.Body())["errors"]!.AsObject().ContainsKey("citizen.phone"));
    }

    [Fact]
    public async Task Submit_MultipartWithPdf_FileOnFirstMessage_BadFileStoresNothing()
    {
        using var anon = app.CreateClient();
        var email = $"files.{Guid.NewGuid():N}@example.com";
        using var form = Multipart(System.Text.Json.JsonSerializer.Serialize(Request(email), Api.Json), ("scan.pdf", "application/pdf", Attachments.TestFiles.Pdf("scan")));
        var response = await anon.PostAsync("/api/v1/portal/requests", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await response.Body();
        var query = $"{receipt.Str("registrationNumber")}?code={receipt.Str("trackingCode")}";
        var file = (await (await anon.GetAsync($"/api/v1/portal/requests/{query}")).Body())["messages"]![0]!["attachments"]![0]!;
        Assert.Equal("scan.pdf", file.Str("fileName"));
        var download = await anon.GetAsync($"/api/v1/portal/requests/{receipt.Str("registrationNumber")}/attachments/{file.Str("id")}?code={receipt.Str("trackingCode")}");
        Assert.Equal(Attachments.TestFiles.Pdf("scan"), await download.Content.ReadAsByteArrayAsync());

        var other = $"badfile.{Guid.NewGuid():N}@example.com";
        using var badForm = Multipart(System.Text.Json.JsonSerializer.Serialize(Request(other), Api.Json), ("scan.pdf", "application/pdf", "MZ\x90\0 not a pdf"u8.ToArray()));
        var refused = await anon.PostAsync("/api/v1/portal/requests", badForm);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("scan.pdf", (await refused.Body())["errors"]!["files"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, await app.Db(db => db.ContactPoints.CountAsync(p => p.Value == other)));
    }

    [Fact]
    public async Task Reply_WhenWaitingForCitizen_ReopensAndHidesInternalNotes()
    {
        using var anon = app.CreateClient();
        var receipt = await SubmitAsync(anon, $"reply.{Guid.NewGuid():N}@example.com");
        var number = receipt.Str("registrationNumber");
        var staff = await app.Paris();
        await staff.PostAsJsonAsync($"/api/v1/cases/{number}/notes", new { body = "NOTĂ INTERNĂ secretă" });
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/api/v1/cases/{number}/status", new { status = "pendingCitizen" })).StatusCode);
        using var form = new MultipartFormDataContent { { new StringContent("Am atașat actul cerut."), "body" } };
        var pdf = new ByteArrayContent(Attachments.TestFiles.Pdf("act"));
        pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(pdf, "files", "act.pdf");
        var reply = await anon.PostAsync($"/api/v1/portal/requests/{number}/messages?code={receipt.Str("trackingCode")}", form);
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        var status = await reply.Body();
        Assert.Equal("open", status.Str("status"));
        var bodies = status["messages"]!.AsArray().Select(m => m!.Str("body")).ToList();
        Assert.Contains("Am atașat actul cerut.", bodies);
        Assert.DoesNotContain(bodies, b => b.Contains("secretă", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await anon.PostAsJsonAsync($"/api/v1/portal/requests/{number}/messages?code=WRONGWRONGWR", new { body = "x" })).StatusCode);
    }

    [Fact]
    public async Task Rate_OnlyWhenResolved_AndWithinOneToFive()
    {
        using var anon = app.CreateClient();
        var receipt = await SubmitAsync(anon, $"rate.{Guid.NewGuid():N}@example.com");
        var number = receipt.Str("registrationNumber");
        var url = $"/api/v1/portal/requests/{number}/rating?code={receipt.Str("trackingCode")}";
        Assert.Equal(HttpStatusCode.Conflict, (await anon.PostAsJsonAsync(url, new { score = 5 })).StatusCode);
        var staff = await app.Paris();
        await staff.PostAsJsonAsync($"/api/v1/cases/{number}/status", new { status = "resolved" });
        Assert.Equal(HttpStatusCode.BadRequest, (await anon.PostAsJsonAsync(url, new { score = 6 })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await anon.PostAsJsonAsync(url, new { score = 4, comment = "Rapid și clar." })).StatusCode);
        var status = await (await anon.GetAsync($"/api/v1/portal/requests/{number}?code={receipt.Str("trackingCode")}")).Body();
        Assert.Equal(4, status["rating"]!.GetValue<int>());
    }

    private static MultipartFormDataContent Multipart(string requestJson, params (string Name, string Type, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent { { new StringContent(requestJson, Encoding.UTF8, "application/json"), "request" } };
        foreach (var (name, type, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue(type);
            form.Add(part, "files", name);
        }
        return form;
    }
}
