using Ghiseu.Tests.Infrastructure;

namespace Ghiseu.Tests.Desk;

/// <summary>
/// With a candidate limit of 2 every word with three matches is "very common": pages walk the sort
/// order and test each case (SQLite: a per-case FTS5 probe, prefixes turned into the index's words).
/// </summary>
public class DenseSearchPlanTests(DenseSearchFactory app) : IClassFixture<DenseSearchFactory>
{
    private static string Word() => $"cv{Guid.NewGuid():N}"[..14];

    private static async Task<(List<string> Ids, string? Next)> Page(HttpClient client, string query)
    {
        var page = await (await client.GetAsync($"/api/v1/desk/views/all/cases?{query}")).Body();
        return ([.. page["items"]!.AsArray().Select(i => i!.Str("id"))], page["nextCursor"]?.GetValue<string>());
    }

    [Fact]
    public async Task Search_VeryCommonWordWithFilterAndPaging_ReturnsTheFilteredMatchesNewestFirst()
    {
        var paris = await app.Paris();
        var word = Word();
        var passports = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            await paris.CreateCase(description: $"Informare {word}");
            passports.Add((await paris.CreateCase(category: "passport", fields: new() { ["kind"] = "simplu electronic" }, description: $"Pașaport {word}")).Str("id"));
        }
        await (await app.Madrid()).CreateCase(unit: "MAD", category: "passport", fields: new() { ["kind"] = "simplu electronic" }, description: $"Madrid {word}");
        passports.Reverse();

        var (first, next) = await Page(paris, $"q={word}&category=passport&limit=2");
        Assert.Equal(passports[..2], first);
        Assert.NotNull(next);
        var (second, last) = await Page(paris, $"q={word}&category=passport&limit=2&cursor={next}");
        Assert.Equal(passports[2..], second);
        Assert.Null(last);
        var counts = (await (await paris.GetAsync($"/api/v1/desk/views?q={word}&category=passport")).Body()).AsArray();
        Assert.Equal(3, counts.Single(v => v!.Str("view") == "all")!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Search_PrefixOfSeveralWords_FindsEveryWordWhetherFewOrMany()
    {
        var paris = await app.Paris();
        var prefix = Word();
        var ids = new List<string>();
        foreach (var ending in new[] { "alfa", "beta", "gama" })
            ids.Add((await paris.CreateCase(description: $"Cuvânt {prefix}{ending}")).Str("id"));
        ids.Reverse();
        Assert.Equal(ids, (await Page(paris, $"q={prefix}")).Ids);
        Assert.Equal([ids[1]], (await Page(paris, $"q={prefix}beta")).Ids);

        // More words share the prefix than are spelled out one by one: the prefix query answers.
        var many = string.Join(' ', Enumerable.Range(0, 20).Select(i => $"{prefix}z{i:D2}"));
        var crowded = (await paris.CreateCase(description: $"Listă {many}")).Str("id");
        Assert.Equal([crowded, .. ids], (await Page(paris, $"q={prefix}")).Ids);
        Assert.Equal([crowded], (await Page(paris, $"q={prefix}z1 {prefix}z07")).Ids);
    }
}
