using System.Net;
using System.Net.Http.Json;
using Ghiseu.Features.Knowledge;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Knowledge;

[Collection(ApiCollection.Name)]
public class ArticleVersionTests(GhiseuFactory app)
{
    private const string Articles = "/api/v1/knowledge/articles";

    private static object Text(string title, string body, bool published = false, string? unit = null) =>
        new { title, body, language = "ro", unit, topic = "passport", published };

    private async Task<(HttpClient Client, Guid Id, string Title)> CreateAsync(string body = "Prima variantă.", bool published = false)
    {
        var supervisor = await app.ClientFor(Staff.Supervisor);
        var title = $"Versiuni {Guid.NewGuid():N}"[..30];
        var created = await supervisor.PostAsJsonAsync(Articles, Text(title, body, published, "MAE"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        return (supervisor, (await created.Body())["id"]!.GetValue<Guid>(), title);
    }

    private static HttpRequestMessage Send(HttpMethod method, string url, string? ifMatch, object? json = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = json is null ? null : JsonContent.Create(json) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return request;
    }

    [Fact]
    public async Task CreateAndEdit_EachWriteAVersion_ListedNewestFirstWithoutBodies()
    {
        var (client, id, title) = await CreateAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"{Articles}/{id}", Text(title, "A doua variantă."))).StatusCode);
        var third = await client.PutAsJsonAsync($"{Articles}/{id}", Text(title + " nou", "A treia variantă.", published: true));
        Assert.Equal("\"3\"", third.Headers.ETag!.Tag);
        Assert.Equal(3, (await third.Body())["version"]!.GetValue<int>());

        var list = (await (await client.GetAsync($"{Articles}/{id}/versions")).Body()).AsArray();
        Assert.Equal([3, 2, 1], list.Select(v => v!["number"]!.GetValue<int>()));
        Assert.All(list, v => Assert.Null(v!["body"]));
        Assert.Equal([true, false, false], list.Select(v => v!["published"]!.GetValue<bool>()));
        var supervisorId = await app.Db(db => db.Users.Where(u => u.Email == Staff.Supervisor).Select(u => u.Id).SingleAsync());
        Assert.All(list, v => Assert.Equal(supervisorId, v!["staffId"]!.GetValue<Guid>()));

        var first = await (await client.GetAsync($"{Articles}/{id}/versions/1")).Body();
        Assert.Equal(("Prima variantă.", title), (first.Str("body"), first.Str("title")));
        Assert.Contains("Prima variantă.", first.Str("html"), StringComparison.Ordinal);
        var stored = await app.Db(db => db.Set<ArticleVersion>().Where(v => v.ArticleId == id).OrderBy(v => v.Number).ToListAsync());
        Assert.Equal(["Prima variantă.", "A doua variantă.", "A treia variantă."], stored.Select(v => v.Body));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Articles}/{id}/versions/4")).StatusCode);
    }

    [Fact]
    public async Task Restore_WritesANewVersionEqualToTheOld_AndLeavesHistoryAsItWas()
    {
        var (client, id, title) = await CreateAsync("Textul bun.");
        await client.PutAsJsonAsync($"{Articles}/{id}", Text("Titlu greșit " + title, "Textul stricat."));
        var restored = await client.PostAsync($"{Articles}/{id}/versions/1/restore", null);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal("\"3\"", restored.Headers.ETag!.Tag);
        var article = await restored.Body();
        Assert.Equal(("Textul bun.", title), (article.Str("body"), article.Str("title")));

        var versions = await app.Db(db => db.Set<ArticleVersion>().Where(v => v.ArticleId == id).OrderBy(v => v.Number).ToListAsync());
        Assert.Equal(["Textul bun.", "Textul stricat.", "Textul bun."], versions.Select(v => v.Body));
        Assert.Equal((null, null, 1), (versions[0].RestoredFrom, versions[1].RestoredFrom, versions[2].RestoredFrom));
        Assert.Equal(versions[0].Slug, versions[2].Slug);
        var stored = await app.Db(db => db.Articles.SingleAsync(a => a.Id == id));
        Assert.Equal((3, "Textul bun.", versions[0].Slug), (stored.Version, stored.Body, stored.Slug));
        var audit = await app.Db(db => db.AuditEntries.Where(e => e.EntityId == id.ToString() && e.Action == "restore").ToListAsync());
        Assert.Contains("\"from\":1", Assert.Single(audit).Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_CarriesTheETag_StaleIfMatchIs412_AndNoIfMatchStillWrites()
    {
        var (client, id, title) = await CreateAsync();
        var get = await client.GetAsync($"{Articles}/{id}");
        Assert.Equal("\"1\"", get.Headers.ETag!.Tag);

        using var current = Send(HttpMethod.Put, $"{Articles}/{id}", "\"1\"", Text(title, "Schimbarea mea."));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(current)).StatusCode);
        using var stale = Send(HttpMethod.Put, $"{Articles}/{id}", "\"1\"", Text(title, "Schimbarea colegului, pe text vechi."));
        var refused = await client.SendAsync(stale);
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.EndsWith("/stale", (await refused.Body()).Str("type"), StringComparison.Ordinal);
        using var staleRestore = Send(HttpMethod.Post, $"{Articles}/{id}/versions/1/restore", "\"1\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.SendAsync(staleRestore)).StatusCode);
        using var weak = Send(HttpMethod.Put, $"{Articles}/{id}", "W/\"2\"", Text(title, "Slab."));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.SendAsync(weak)).StatusCode);
        Assert.Equal("Schimbarea mea.", await app.Db(db => db.Articles.Where(a => a.Id == id).Select(a => a.Body).SingleAsync()));

        using var restore = Send(HttpMethod.Post, $"{Articles}/{id}/versions/1/restore", "\"2\"");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(restore)).StatusCode);
        var blind = await client.PutAsJsonAsync($"{Articles}/{id}", Text(title, "Fără If-Match."));
        Assert.Equal(HttpStatusCode.OK, blind.StatusCode);
        Assert.Equal("\"4\"", blind.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task SimultaneousEdits_OfOneVersion_OneWins_TheOthersAreStale()
    {
        var (_, id, title) = await CreateAsync();
        var clients = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.ClientFor(Staff.Supervisor)));
        var answers = await Task.WhenAll(clients.Select(async (c, i) =>
        {
            using var put = Send(HttpMethod.Put, $"{Articles}/{id}", "\"1\"", Text(title, $"Editorul {i}."));
            return await c.SendAsync(put);
        }));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.PreconditionFailed, a.StatusCode.ToString()));
        var versions = await app.Db(db => db.Set<ArticleVersion>().Where(v => v.ArticleId == id).Select(v => v.Number).ToListAsync());
        Assert.Equal([1, 2], versions.Order());
    }

    [Fact]
    public async Task DemoArticles_HaveTheirFirstVersion()
    {
        var articles = await app.Db(db => db.Articles.IgnoreQueryFilters().Where(a => a.AuthorId == null).ToListAsync());
        Assert.NotEmpty(articles);
        var ids = articles.Select(a => a.Id).ToList();
        var first = await app.Db(db => db.Set<ArticleVersion>().Where(v => ids.Contains(v.ArticleId) && v.Number == 1).ToDictionaryAsync(v => v.ArticleId));
        Assert.All(articles, a => Assert.Equal((a.Title, a.Body, a.Published), (first[a.Id].Title, first[a.Id].Body, first[a.Id].Published)));
    }
}
