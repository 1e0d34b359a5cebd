using System.Net;
using Ghiseu.Tests.Infrastructure;
using Ghiseu.Tests.Security;

namespace Ghiseu.Tests.Attachments;

/// <summary>Files staff attach appear on the timeline as one upload entry, internal unless shared with the citizen.</summary>
[Collection(ApiCollection.Name)]
public class StaffUploadTests(GhiseuFactory app)
{
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string caseId, string? shared, string? note, params (string Name, byte[] Content)[] files)
    {
        using var form = new MultipartFormDataContent();
        if (shared is not null) form.Add(new StringContent(shared), "public");
        if (note is not null) form.Add(new StringContent(note), "note");
        foreach (var (name, content) in files) form.Add(new ByteArrayContent(content), "files", name);
        return await client.PostAsync($"/api/v1/cases/{caseId}/attachments", form);
    }

    [Fact]
    public async Task Upload_ByDefault_InternalEntryOnTheStaffTimelineOnly()
    {
        var client = await app.Paris();
        var c = await client.CreateCase();
        var response = await UploadAsync(client, c.Str("id"), null, null, ("intern.pdf", TestFiles.Pdf(Guid.NewGuid().ToString("N"))));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var timeline = (await (await client.GetAsync($"/api/v1/cases/{c.Str("id")}/interactions")).Body()).AsArray();
        var upload = Assert.Single(timeline, i => i!.Str("kind") == "upload")!;
        Assert.False(upload["public"]!.GetValue<bool>());
        Assert.Equal("intern.pdf", upload["attachments"]![0]!.Str("fileName"));

        using var anon = app.CreateClient();
        var status = await (await anon.GetAsync($"/api/v1/portal/requests/{c.Str("registrationNumber")}?code={c.Str("trackingCode")}")).Body();
        Assert.DoesNotContain(status["messages"]!.AsArray(), m => m!.Str("kind") == "upload");
        var fileId = upload["attachments"]![0]!.Str("id");
        Assert.Equal(HttpStatusCode.NotFound,
            (await anon.GetAsync($"/api/v1/portal/requests/{c.Str("registrationNumber")}/attachments/{fileId}?code={c.Str("trackingCode")}")).StatusCode);
    }

    [Fact]
    public async Task Upload_Shared_CitizenSeesItWithTheNoteAndDownloadsTheFile()
    {
        var client = await app.Paris();
        var c = await client.CreateCase();
        var response = await UploadAsync(client, c.Str("id"), "true", "Certificatul eliberat", ("certificat.pdf", TestFiles.Pdf(Guid.NewGuid().ToString("N"))));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        using var anon = app.CreateClient();
        var query = $"code={c.Str("trackingCode")}";
        var status = await (await anon.GetAsync($"/api/v1/portal/requests/{c.Str("registrationNumber")}?{query}")).Body();
        var shared = Assert.Single(status["messages"]!.AsArray(), m => m!.Str("kind") == "upload")!;
        Assert.Equal("Certificatul eliberat", shared.Str("body"));
        Assert.Equal("outbound", shared.Str("direction"));
        var file = shared["attachments"]![0]!;
        var download = await anon.GetAsync($"/api/v1/portal/requests/{c.Str("registrationNumber")}/attachments/{file.Str("id")}?{query}");
        SafeDownloads.Assert(download, "certificat.pdf");
    }

    [Fact]
    public async Task Upload_PublicNotABoolean_400OnPublicAndNothingStored()
    {
        var client = await app.Paris();
        var c = await client.CreateCase();
        var response = await UploadAsync(client, c.Str("id"), "maybe", null, ("a.pdf", TestFiles.Pdf(Guid.NewGuid().ToString("N"))));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Body())["errors"]!["public"]);
        var timeline = (await (await client.GetAsync($"/api/v1/cases/{c.Str("id")}/interactions")).Body()).AsArray();
        Assert.DoesNotContain(timeline, i => i!.Str("kind") == "upload");
    }
}
