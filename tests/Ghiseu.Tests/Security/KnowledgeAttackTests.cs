using System.Net;
using System.Net.Http.Json;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Security;

/// <summary>Replays attacks on the knowledge base across units; each would pass again if the defence went away.</summary>
[Collection(ApiCollection.Name)]
public class KnowledgeAttackTests(GhiseuFactory app)
{
    private async Task<Guid> CreateAsync(HttpClient client, string? unit, bool published)
    {
        var title = $"Articol {Guid.NewGuid():N}"[..30];
        var response = await client.PostAsJsonAsync("/api/v1/knowledge/articles", new { title, body = "Text original.", language = "ro", unit, published });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Body())["id"]!.GetValue<Guid>();
    }

    [Fact]
    public async Task List_AnotherUnitsDraft_IsNotShown()
    {
        var madridDraft = await CreateAsync(await app.Madrid(), "MAD", published: false);
        var paris = await app.Paris();
        var list = (await (await paris.GetAsync("/api/v1/knowledge/articles")).Body()).AsArray();
        Assert.DoesNotContain(list, a => a!["id"]!.GetValue<Guid>() == madridDraft);
        var own = (await (await (await app.Madrid()).GetAsync("/api/v1/knowledge/articles")).Body()).AsArray();
        Assert.Contains(own, a => a!["id"]!.GetValue<Guid>() == madridDraft);
    }

    [Fact]
    public async Task Put_WithoutUnit_CannotUnpublishAnotherUnitsArticle()
    {
        var madrid = await CreateAsync(await app.Admin(), "MAD", published: true);
        var paris = await app.Paris();
        var response = await paris.PutAsJsonAsync($"/api/v1/knowledge/articles/{madrid}", new { title = "Preluat", body = "Rescris.", language = "ro", published = false });
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, response.StatusCode.ToString());
        var stored = await app.Db(db => db.Articles.IgnoreQueryFilters().SingleAsync(a => a.Id == madrid));
        Assert.True(stored.Published);
        Assert.Equal("Text original.", stored.Body);
    }

    [Fact]
    public async Task Put_GlobalArticle_ByPlainAgent_IsForbidden()
    {
        var global = await CreateAsync(await app.Admin(), null, published: true);
        var paris = await app.Paris();
        var response = await paris.PutAsJsonAsync($"/api/v1/knowledge/articles/{global}", new { title = "Preluat", body = "Rescris.", language = "ro", published = false });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var stored = await app.Db(db => db.Articles.IgnoreQueryFilters().SingleAsync(a => a.Id == global));
        Assert.True(stored.Published);
        Assert.Equal("Text original.", stored.Body);
    }

    [Fact]
    public async Task Put_OmittingUnit_KeepsIt_AndMovingOutsideOnesUnits_IsRefused()
    {
        var paris = await app.Paris();
        var draft = await CreateAsync(paris, "PAR", published: false);
        var keep = await paris.PutAsJsonAsync($"/api/v1/knowledge/articles/{draft}", new { title = "Alt titlu", body = "Alt text.", language = "ro", published = false });
        Assert.Equal(HttpStatusCode.OK, keep.StatusCode);
        var move = await paris.PutAsJsonAsync($"/api/v1/knowledge/articles/{draft}", new { title = "Alt titlu", body = "Alt text.", language = "ro", unit = "MAD", published = false });
        Assert.Equal(HttpStatusCode.BadRequest, move.StatusCode);
        var toGlobal = await paris.PutAsJsonAsync($"/api/v1/knowledge/articles/{draft}", new { title = "Alt titlu", body = "Alt text.", language = "ro", unit = "", published = false });
        Assert.Equal(HttpStatusCode.Forbidden, toGlobal.StatusCode);
        var units = await app.Db(db => db.Units.ToDictionaryAsync(u => u.Code, u => u.Id));
        var stored = await app.Db(db => db.Articles.IgnoreQueryFilters().SingleAsync(a => a.Id == draft));
        Assert.Equal(units["PAR"], stored.UnitId);
    }

    [Fact]
    public async Task StyleAttribute_IsDroppedFromRenderedHtml()
    {
        var html = Ghiseu.Features.Knowledge.Markdown.ToSafeHtml("[x](https://example.org){style=\"position:fixed;top:0;left:0;width:100%;height:100%;background:url(https://evil.example/a.png)\"}\n\nText {style=\"position:fixed\"}");
        Assert.DoesNotContain("style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("evil.example", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("href=\"https://example.org\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_AnotherUnitsDraft_IsNotFound_AndLeavesItAlone()
    {
        var madridDraft = await CreateAsync(await app.Madrid(), "MAD", published: false);
        var paris = await app.Paris();
        var response = await paris.PutAsJsonAsync($"/api/v1/knowledge/articles/{madridDraft}", new { title = "Preluat", body = "Rescris.", language = "ro", unit = "PAR", published = false });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var stored = await app.Db(db => db.Articles.IgnoreQueryFilters().SingleAsync(a => a.Id == madridDraft));
        Assert.Equal("Text original.", stored.Body);
    }

    [Fact]
    public async Task Supervisor_WithoutEditorRole_CannotPublishForEveryUnit_NorTakeAnotherUnitsArticle()
    {
        var supervisor = await app.SignIn((await app.CreateStaff(Ghiseu.Features.Identity.Roles.Supervisor, "PAR")).Email!);
        var global = await supervisor.PostAsJsonAsync("/api/v1/knowledge/articles", new { title = "Pentru toți", body = "x", language = "ro", published = true });
        Assert.Equal(HttpStatusCode.Forbidden, global.StatusCode);
        var madrid = await CreateAsync(await app.Admin(), "MAD", published: true);
        var move = await supervisor.PutAsJsonAsync($"/api/v1/knowledge/articles/{madrid}", new { title = "Preluat", body = "Rescris.", language = "ro", unit = "PAR", published = true });
        Assert.Equal(HttpStatusCode.Forbidden, move.StatusCode);
        var stored = await app.Db(db => db.Articles.IgnoreQueryFilters().SingleAsync(a => a.Id == madrid));
        Assert.Equal(("Text original.", true), (stored.Body, stored.Published));
    }

    [Fact]
    public async Task KnowledgeEditor_MovesBetweenUnits_AndEditsForEveryUnit()
    {
        var editor = await app.SignIn((await app.CreateStaff(Ghiseu.Features.Identity.Roles.KnowledgeEditor, "PAR")).Email!);
        var madrid = await CreateAsync(await app.Madrid(), "MAD", published: false);
        Assert.Contains((await (await editor.GetAsync("/api/v1/knowledge/articles")).Body()).AsArray(), a => a!["id"]!.GetValue<Guid>() == madrid);
        var global = await editor.PutAsJsonAsync($"/api/v1/knowledge/articles/{madrid}", new { title = "Pentru toți", body = "Revizuit.", language = "ro", unit = "", published = true });
        Assert.Equal(HttpStatusCode.OK, global.StatusCode);
        var stored = await app.Db(db => db.Articles.SingleAsync(a => a.Id == madrid));
        Assert.Equal((null, true), (stored.UnitId, stored.Published));
    }

    private const string Articles = "/api/v1/knowledge/articles";

    private Task<List<int>> VersionNumbers(Guid id) =>
        app.Db(db => db.Set<Ghiseu.Features.Knowledge.ArticleVersion>().Where(v => v.ArticleId == id).Select(v => v.Number).OrderBy(n => n).ToListAsync());

    [Fact]
    public async Task Versions_OfAnotherUnitsDraft_AreNotFound_AndItsRestoreWritesNothing()
    {
        var madrid = await app.Madrid();
        var draft = await CreateAsync(madrid, "MAD", published: false);
        await madrid.PutAsJsonAsync($"{Articles}/{draft}", new { title = "Ciornă Madrid", body = "Text secret al unității.", language = "ro", published = false });
        var paris = await app.Paris();
        Assert.Equal(HttpStatusCode.NotFound, (await paris.GetAsync($"{Articles}/{draft}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await paris.GetAsync($"{Articles}/{draft}/versions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await paris.GetAsync($"{Articles}/{draft}/versions/2")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await paris.PostAsync($"{Articles}/{draft}/versions/1/restore", null)).StatusCode);
        Assert.Equal([1, 2], await VersionNumbers(draft));
        var stored = await app.Db(db => db.Articles.IgnoreQueryFilters().SingleAsync(a => a.Id == draft));
        Assert.Equal(("Text secret al unității.", 2), (stored.Body, stored.Version));
    }

    [Fact]
    public async Task Restore_OfAGlobalArticle_ByANonEditor_IsForbidden()
    {
        var admin = await app.Admin();
        var global = await CreateAsync(admin, null, published: true);
        await admin.PutAsJsonAsync($"{Articles}/{global}", new { title = "Pentru toți", body = "Text revizuit.", language = "ro", published = true });
        var supervisor = await app.SignIn((await app.CreateStaff(Ghiseu.Features.Identity.Roles.Supervisor, "PAR")).Email!);
        foreach (var client in new[] { await app.Paris(), supervisor })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"{Articles}/{global}/versions/1/restore", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"{Articles}/{global}/versions")).StatusCode);
        }
        Assert.Equal([1, 2], await VersionNumbers(global));
        Assert.Equal("Text revizuit.", await app.Db(db => db.Articles.Where(a => a.Id == global).Select(a => a.Body).SingleAsync()));
    }

    [Fact]
    public async Task Restore_ThatWouldRepublish_NeedsAPublisher()
    {
        var admin = await app.Admin();
        var article = await CreateAsync(admin, "MAD", published: true);
        await admin.PutAsJsonAsync($"{Articles}/{article}", new { title = "Retras", body = "Retras pentru corecturi.", language = "ro", published = false });
        var response = await (await app.Madrid()).PostAsync($"{Articles}/{article}/versions/1/restore", null);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.EndsWith("/publish-forbidden", (await response.Body()).Str("type"), StringComparison.Ordinal);
        Assert.False(await app.Db(db => db.Articles.IgnoreQueryFilters().Where(a => a.Id == article).Select(a => a.Published).SingleAsync()));
        Assert.Equal([1, 2], await VersionNumbers(article));
    }

    [Fact]
    public async Task Restore_CannotMoveAnArticleBackToAUnitOutsideOnesScope()
    {
        var admin = await app.Admin();
        var article = await CreateAsync(admin, "PAR", published: false);
        await admin.PutAsJsonAsync($"{Articles}/{article}", new { title = "Mutat", body = "Acum la Madrid.", language = "ro", unit = "MAD", published = false });
        var response = await (await app.Madrid()).PostAsync($"{Articles}/{article}/versions/1/restore", null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var units = await app.Db(db => db.Units.ToDictionaryAsync(u => u.Code, u => u.Id));
        Assert.Equal(units["MAD"], await app.Db(db => db.Articles.IgnoreQueryFilters().Where(a => a.Id == article).Select(a => a.UnitId).SingleAsync()));
        Assert.Equal([1, 2], await VersionNumbers(article));
    }

    [Fact]
    public void ClassAttribute_IsDroppedFromRenderedHtml()
    {
        var html = Ghiseu.Features.Knowledge.Markdown.ToSafeHtml(
            "[Plătiți aici](https://example.org){.visually-hidden .skip-link}\n\n::: site-banner\nAnunț fals\n:::\n\n```csharp\nx\n```\n\n- [x] gata");
        Assert.DoesNotContain("class", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("href=\"https://example.org\"", html, StringComparison.Ordinal);
        Assert.Contains("Anunț fals", html, StringComparison.Ordinal);
    }
}
