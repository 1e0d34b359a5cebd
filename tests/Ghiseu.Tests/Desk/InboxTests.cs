using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ghiseu.Tests.Infrastructure;

namespace Ghiseu.Tests.Desk;

[Collection(ApiCollection.Name)]
public class InboxTests(GhiseuFactory app)
{
    private static string Word() => $"inbox{Guid.NewGuid():N}"[..18];

    private static async Task<Dictionary<string, int>> Counts(HttpClient client, string word) =>
        (await (await client.GetAsync($"/api/v1/desk/views?q={word}")).Body()).AsArray()
            .ToDictionary(v => v!.Str("view"), v => v!["count"]!.GetValue<int>());

    private static async Task<List<string>> View(HttpClient client, string view, string query) =>
        [.. (await (await client.GetAsync($"/api/v1/desk/views/{view}/cases?{query}")).Body())["items"]!.AsArray().Select(i => i!.Str("id"))];

    private static Task<JsonNode> Passport(HttpClient client, string word) =>
        client.CreateCase(category: "passport", fields: new() { ["kind"] = "simplu electronic" }, description: $"Pașaport {word}");

    [Fact]
    public async Task Views_AssignWaitAndEmergency_MoveCasesBetweenViewsAndCounts()
    {
        var staff = await app.CreateStaff();
        var client = await app.SignIn(staff.Email!);
        var word = Word();
        var mine = await Passport(client, word);
        var waiting = await Passport(client, word);
        var unassigned = await Passport(client, word);
        (await client.PostAsJsonAsync($"/api/v1/cases/{mine.Str("id")}/assign", new { assignee = "me" })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync($"/api/v1/cases/{waiting.Str("id")}/assign", new { assignee = "me" })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync($"/api/v1/cases/{waiting.Str("id")}/status", new { status = "pendingCitizen" })).EnsureSuccessStatusCode();
        var emergency = await client.PostAsJsonAsync("/api/v1/cases", new
        {
            unit = "PAR", category = "information", subject = "Urgență", description = $"Accident {word}", channel = "phone",
            priority = "emergency", citizen = new { name = "Ion Pop", phone = "+33612345678" },
        });
        var emergencyId = (await emergency.Body()).Str("id");

        var counts = await Counts(client, word);
        Assert.Equal(new Dictionary<string, int>
        {
            ["mine"] = 2, ["unassigned"] = 2, ["due"] = 0, ["waiting"] = 1, ["emergencies"] = 1, ["all"] = 4,
        }, counts);
        Assert.Equal([emergencyId, unassigned.Str("id")], await View(client, "unassigned", $"q={word}"));
        Assert.Equal([waiting.Str("id")], await View(client, "waiting", $"q={word}"));
        Assert.Equal([emergencyId], await View(client, "emergencies", $"q={word}"));
        Assert.Equal([waiting.Str("id"), mine.Str("id")], await View(client, "mine", $"q={word}"));
        Assert.Equal([mine.Str("id")], await View(client, "mine", $"q={word}&status=open"));
        Assert.Equal([emergencyId], await View(client, "all", $"q={word}&channel=phone"));
    }

    [Fact]
    public async Task Views_PagedByCursor_VisitEveryCaseOnceInOrder()
    {
        var client = await app.Paris();
        var word = Word();
        var created = new List<string>();
        for (var i = 0; i < 5; i++) created.Add((await client.CreateCase(description: $"Pagina {word}")).Str("id"));
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await client.GetAsync($"/api/v1/desk/views/all/cases?q={word}&limit=2&sort=createdAt{(cursor is null ? "" : $"&cursor={cursor}")}")).Body();
            seen.AddRange(page["items"]!.AsArray().Select(i => i!.Str("id")));
            cursor = page["nextCursor"]?.GetValue<string>();
        } while (cursor is not null);
        Assert.Equal(created, seen);
    }

    [Fact]
    public async Task Views_MadridCase_NeverCountedOrListedForParis()
    {
        var madrid = await app.Madrid();
        var word = Word();
        var c = await madrid.CreateCase(unit: "MAD", description: $"Madrid {word}");
        var paris = await app.Paris();
        Assert.All(await Counts(paris, word), kv => Assert.Equal(0, kv.Value));
        Assert.Empty(await View(paris, "all", $"q={word}"));
        Assert.Empty(await View(paris, "all", $"q={c.Str("registrationNumber")}"));
        Assert.Equal(1, (await Counts(madrid, word))["all"]);
    }

    [Fact]
    public async Task Views_UnknownViewOrFilter_Answers400WithTheField()
    {
        var client = await app.Paris();
        var unknown = await client.GetAsync("/api/v1/desk/views/everything/cases");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.NotNull((await unknown.Body())["errors"]!["view"]);
        var badChannel = await client.GetAsync("/api/v1/desk/views?channel=pigeon");
        Assert.Equal(HttpStatusCode.BadRequest, badChannel.StatusCode);
        Assert.NotNull((await badChannel.Body())["errors"]!["channel"]);
    }
}

/// <summary>A host that treats every search term as common, so the dense-match plan is the one exercised.</summary>
public sealed class DenseSearchFactory : GhiseuFactory
{
    protected override int DemoCases => 0;

    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Ghiseu:Desk:SearchCandidateLimit", "2")];
}

public class DenseSearchTests(DenseSearchFactory app) : IClassFixture<DenseSearchFactory>
{
    [Fact]
    public async Task Search_MoreMatchesThanCandidateLimit_StillFindsEveryScopedMatch()
    {
        var paris = await app.Paris();
        var madrid = await app.Madrid();
        var word = $"dens{Guid.NewGuid():N}"[..16];
        var ids = new HashSet<string>();
        for (var i = 0; i < 4; i++) ids.Add((await paris.CreateCase(description: $"Comun {word}")).Str("id"));
        await madrid.CreateCase(unit: "MAD", description: $"Comun {word}");
        var page = await (await paris.GetAsync($"/api/v1/desk/views/all/cases?q={word}")).Body();
        Assert.Equal(ids, page["items"]!.AsArray().Select(i => i!.Str("id")).ToHashSet());
        var counts = (await (await paris.GetAsync($"/api/v1/desk/views?q={word}")).Body()).AsArray();
        Assert.Equal(4, counts.Single(v => v!.Str("view") == "all")!["count"]!.GetValue<int>());
    }
}
