using System.Net;
using System.Net.Http.Json;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Knowledge;

[Collection(ApiCollection.Name)]
public class KnowledgeTests(GhiseuFactory app)
{
    private async Task<System.Text.Json.Nodes.JsonNode> PublishAsync(string title, string body, string language = "ro", bool published = true)
    {
        var supervisor = await app.ClientFor(Staff.Supervisor);
        var response = await supervisor.PostAsJsonAsync("/api/v1/knowledge/articles", new { title, body, language, topic = "passport", published });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Body();
    }

    [Theory]
    [InlineData("ştampilă")]   // cedilla form
    [InlineData("ștampilă")]   // comma-below form
    [InlineData("STAMPILA")]   // no diacritics, upper case
    public async Task Search_AnySpellingOfRomanianLetters_FindsTheArticle(string query)
    {
        var marker = $"zq{Guid.NewGuid():N}"[..10];
        await PublishAsync($"Ștampila apostilă {marker}", $"Pentru **ștampila** de apostilă, veniți cu actul original. Cod {marker}.");
        using var anon = app.CreateClient();
        var hits = (await (await anon.GetAsync($"/api/v1/knowledge/search?q={Uri.EscapeDataString(query + " " + marker)}&lang=ro")).Body()).AsArray();
        Assert.Contains(hits, h => h!.Str("title").Contains(marker, StringComparison.Ordinal));
        Assert.All(hits, h => Assert.Equal("ro", h!.Str("language")));
    }

    [Fact]
    public async Task Draft_IsNeitherSearchableNorPublic()
    {
        var marker = $"draft{Guid.NewGuid():N}"[..14];
        var a = await PublishAsync($"Ciornă {marker}", "Text nepublicat.", published: false);
        using var anon = app.CreateClient();
        Assert.Empty((await (await anon.GetAsync($"/api/v1/knowledge/search?q={marker}")).Body()).AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync($"/api/v1/knowledge/public/{a.Str("slug")}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anon.PostAsJsonAsync($"/api/v1/knowledge/public/{a.Str("id")}/feedback", new { helpful = true })).StatusCode);
    }

    [Fact]
    public async Task Agent_CannotPublish_ButCanWriteDrafts()
    {
        var agent = await app.Paris();
        var publish = await agent.PostAsJsonAsync("/api/v1/knowledge/articles", new { title = "Program de lucru", body = "Luni–vineri", language = "ro", published = true });
        Assert.Equal(HttpStatusCode.Forbidden, publish.StatusCode);
        var draft = await agent.PostAsJsonAsync("/api/v1/knowledge/articles", new { title = "Program de lucru", body = "Luni–vineri", language = "ro", published = false });
        Assert.Equal(HttpStatusCode.Created, draft.StatusCode);
        using var anon = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.PostAsJsonAsync("/api/v1/knowledge/articles", new { title = "x", body = "y", language = "ro" })).StatusCode);
    }

    [Fact]
    public async Task PublicArticle_RendersSafeHtml_AndCountsFeedbackAndDeflections()
    {
        var a = await PublishAsync($"Passport for minors {Guid.NewGuid():N}"[..30], "Both parents **must** come.\n\n<script>alert(1)</script>\n\n[link](javascript:alert(2))", "en");
        using var anon = app.CreateClient();
        var page = await (await anon.GetAsync($"/api/v1/knowledge/public/{a.Str("slug")}?lang=en")).Body();
        var html = page.Str("html");
        Assert.Contains("<strong>must</strong>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        var id = a["id"]!.GetValue<Guid>();
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => anon.PostAsJsonAsync($"/api/v1/knowledge/public/{id}/feedback", new { helpful = true })));
        await anon.PostAsJsonAsync($"/api/v1/knowledge/public/{id}/feedback", new { helpful = false });
        await anon.PostAsync($"/api/v1/knowledge/public/{id}/deflection", null);
        var counts = await app.Db(db => db.Articles.Where(x => x.Id == id).Select(x => new { x.HelpfulYes, x.HelpfulNo, x.Deflections }).SingleAsync());
        Assert.Equal((5, 1, 1), (counts.HelpfulYes, counts.HelpfulNo, counts.Deflections));
    }

    [Fact]
    public async Task SameTitle_GetsDistinctSlugs()
    {
        var title = $"Acte necesare {Guid.NewGuid():N}"[..24];
        var a = await PublishAsync(title, "a");
        var b = await PublishAsync(title, "b");
        Assert.NotEqual(a.Str("slug"), b.Str("slug"));
        Assert.StartsWith(a.Str("slug"), b.Str("slug"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KnowledgeEditorRole_IsSeededWithItsFixedId()
    {
        var id = await app.Db(db => db.Roles.Where(r => r.Name == Ghiseu.Features.Identity.Roles.KnowledgeEditor).Select(r => r.Id).SingleAsync());
        Assert.Equal(Ghiseu.Features.Identity.Roles.KnowledgeEditorId, id);
    }
}
