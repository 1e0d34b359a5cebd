using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Ghiseu.Tests.Infrastructure;

namespace Ghiseu.Tests.Scoping;

/// <summary>An agent of Paris must not learn that a Madrid case exists, whatever door they try.</summary>
[Collection(ApiCollection.Name)]
public class CrossUnitTests(GhiseuFactory app)
{
    private async Task<(HttpClient Paris, System.Text.Json.Nodes.JsonNode MadridCase, string AttachmentId)> SetupAsync()
    {
        var madrid = await app.Madrid();
        var c = await madrid.CreateCase(unit: "MAD", description: $"Caz secret Madrid {Guid.NewGuid():N}",
            citizen: new { name = "Secret Citizen", email = $"secret.{Guid.NewGuid():N}@example.com", phone = "+34612345678" });
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Attachments.TestFiles.Pdf("test"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "files", "scan.pdf");
        var upload = await madrid.PostAsync($"/api/v1/cases/{c.Str("id")}/attachments", form);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var attachmentId = (await upload.Body())[0]!.Str("id");
        return (await app.Paris(), c, attachmentId);
    }

    [Fact]
    public async Task ParisAgent_ReadsMadridCaseByIdOrNumber_Gets404()
    {
        var (paris, c, _) = await SetupAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await paris.GetAsync($"/api/v1/cases/{c.Str("id")}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await paris.GetAsync($"/api/v1/cases/{c.Str("registrationNumber")}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await paris.GetAsync($"/api/v1/cases/{c.Str("id")}/interactions")).StatusCode);
    }

    [Fact]
    public async Task ParisAgent_ListsAndSearches_NeverSeesMadridCase()
    {
        var (paris, c, _) = await SetupAsync();
        var byText = await (await paris.GetAsync($"/api/v1/cases?q={Uri.EscapeDataString(c.Str("description"))}")).Body();
        Assert.Empty(byText["items"]!.AsArray());
        var byNumber = await (await paris.GetAsync($"/api/v1/cases?q={c.Str("registrationNumber")}")).Body();
        Assert.Empty(byNumber["items"]!.AsArray());
        var byUnit = await (await paris.GetAsync("/api/v1/cases?unit=MAD&limit=200")).Body();
        Assert.Empty(byUnit["items"]!.AsArray());
        var all = await (await paris.GetAsync("/api/v1/cases?limit=200")).Body();
        Assert.All(all["items"]!.AsArray(), i => Assert.Equal("PAR", i!.Str("unit")));
        var byPhone = await (await paris.GetAsync("/api/v1/cases?citizenPhone=%2B34612345678")).Body();
        Assert.DoesNotContain(byPhone["items"]!.AsArray(), i => i!.Str("id") == c.Str("id"));
    }

    [Fact]
    public async Task ParisAgent_UpdatesMadridCase_Gets404AndNothingChanges()
    {
        var (paris, c, _) = await SetupAsync();
        var id = c.Str("id");
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/cases/{id}") { Content = new StringContent("""{"priority":"low"}""", Encoding.UTF8, "application/json") };
        Assert.Equal(HttpStatusCode.NotFound, (await paris.SendAsync(patch)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await paris.PostAsJsonAsync($"/api/v1/cases/{id}/status", new { status = "resolved" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await paris.PostAsJsonAsync($"/api/v1/cases/{id}/assign", new { assignee = "me" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await paris.PostAsJsonAsync($"/api/v1/cases/{id}/notes", new { body = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await paris.PostAsJsonAsync($"/api/v1/cases/{id}/messages", new { body = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await paris.PostAsJsonAsync($"/api/v1/cases/{id}/merge", new { into = id })).StatusCode);
        var own = await paris.CreateCase();
        Assert.Equal(HttpStatusCode.BadRequest, (await paris.PostAsJsonAsync($"/api/v1/cases/{own.Str("id")}/links", new { target = id, kind = "related" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await paris.PostAsJsonAsync($"/api/v1/cases/{own.Str("id")}/merge", new { into = id })).StatusCode);
        var madrid = await app.Madrid();
        var fresh = await (await madrid.GetAsync($"/api/v1/cases/{id}")).Body();
        Assert.Equal("new", fresh.Str("status"));
        Assert.Equal(c.Str("priority"), fresh.Str("priority"));
    }

    [Fact]
    public async Task ParisAgent_ExportsAndDownloads_Gets404OrNothing()
    {
        var (paris, c, attachmentId) = await SetupAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await paris.GetAsync($"/api/v1/cases/{c.Str("id")}/export")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await paris.GetAsync($"/api/v1/attachments/{attachmentId}")).StatusCode);
        var csv = await (await paris.GetAsync("/api/v1/cases/export?unit=PAR")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(c.Str("registrationNumber"), csv, StringComparison.Ordinal);
        Assert.DoesNotContain("MAD-", csv, StringComparison.Ordinal);
        var upload = new MultipartFormDataContent { { new StringContent("text"), "files", "a.txt" } };
        Assert.Equal(HttpStatusCode.NotFound, (await paris.PostAsync($"/api/v1/cases/{c.Str("id")}/attachments", upload)).StatusCode);
        // The owner can download it, so the 404 above is about scope, not a broken file.
        var madrid = await app.Madrid();
        Assert.Equal(HttpStatusCode.OK, (await madrid.GetAsync($"/api/v1/attachments/{attachmentId}")).StatusCode);
    }

    [Fact]
    public async Task ParisAgent_LooksUpMadridCitizen_FindsNothing()
    {
        var (paris, c, _) = await SetupAsync();
        var citizenId = c["citizen"]!["id"]!.ToString();
        Assert.Equal(HttpStatusCode.NotFound, (await paris.GetAsync($"/api/v1/citizens/{citizenId}")).StatusCode);
        var found = await (await paris.GetAsync("/api/v1/citizens?name=Secret%20Citizen")).Body();
        Assert.Empty(found.AsArray());
    }

    [Fact]
    public async Task Supervisor_OfMinistry_SeesBothMissions()
    {
        var (_, c, _) = await SetupAsync();
        var supervisor = await app.ClientFor(Staff.Supervisor);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync($"/api/v1/cases/{c.Str("id")}")).StatusCode);
        var dispatcher = await app.ClientFor(Staff.Dispatcher);
        Assert.Equal(HttpStatusCode.NotFound, (await dispatcher.GetAsync($"/api/v1/cases/{c.Str("id")}")).StatusCode);
    }

    [Fact]
    public async Task Anonymous_CallsApi_Gets401Problem()
    {
        using var anon = app.CreateClient();
        var response = await anon.GetAsync("/api/v1/cases");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
