using System.Net;
using System.Net.Http.Json;
using Ghiseu.Tests.Infrastructure;

namespace Ghiseu.Tests.Desk;

[Collection(ApiCollection.Name)]
public class SavedViewTests(GhiseuFactory app)
{
    [Fact]
    public async Task SavedViews_CreateListUpdateDelete_OwnerOnly()
    {
        var owner = await app.SignIn((await app.CreateStaff()).Email!);
        var other = await app.SignIn((await app.CreateStaff()).Email!);
        var created = await owner.PostAsJsonAsync("/api/v1/desk/saved-views", new { name = "Pașapoarte urgente", view = "unassigned", query = "?priority=high,urgent&q=pașaport" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var view = await created.Body();
        Assert.Equal("priority=high%2Curgent&q=pa%C8%99aport", view.Str("query"));

        var mine = (await (await owner.GetAsync("/api/v1/desk/saved-views")).Body()).AsArray();
        Assert.Equal("Pașapoarte urgente", Assert.Single(mine)!.Str("name"));
        Assert.Empty((await (await other.GetAsync("/api/v1/desk/saved-views")).Body()).AsArray());

        var url = $"/api/v1/desk/saved-views/{view.Str("id")}";
        Assert.Equal(HttpStatusCode.NotFound, (await other.PutAsJsonAsync(url, new { name = "x", view = "all" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync(url)).StatusCode);
        var renamed = await owner.PutAsJsonAsync(url, new { name = "Urgente", view = "all", query = "status=open" });
        Assert.Equal("Urgente", (await renamed.Body()).Str("name"));
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync(url)).StatusCode);
        Assert.Empty((await (await owner.GetAsync("/api/v1/desk/saved-views")).Body()).AsArray());
    }

    [Fact]
    public async Task SavedViews_UnknownView_Answers400()
    {
        var owner = await app.Paris();
        var bad = await owner.PostAsJsonAsync("/api/v1/desk/saved-views", new { name = "x", view = "everything" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotNull((await bad.Body())["errors"]!["view"]);
    }
}
