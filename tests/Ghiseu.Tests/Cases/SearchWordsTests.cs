using Ghiseu.Data;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Cases;

[Collection(ApiCollection.Name)]
public class SearchWordsTests(GhiseuFactory app)
{
    [Fact]
    public void Words_EachFoldedWordOnce_InOrder_WithoutPunctuation()
    {
        Assert.Equal("buna ziua va rog certificatul de nastere 2026", TextFolding.Words("Bună ziua, vă rog: certificatul de naştere (2026). Bună ziua! Vă rog, certificatul de naștere."));
        Assert.Equal("maria pop example ro", TextFolding.Words("maria.pop@example.ro"));
        Assert.Equal("", TextFolding.Words("  ... !!! "));
    }

    [Fact]
    public void Words_CutAtAWordBoundary() => Assert.Equal("alfa beta", TextFolding.Words("alfa beta gamma alfa", 12));

    [Fact]
    public async Task LongRepetitiveDescription_IndexedAsItsDistinctWords_FoundByAWordAtItsEnd()
    {
        var client = await app.Paris();
        var last = $"ultimul{Guid.NewGuid():N}"[..18];
        var body = string.Concat(Enumerable.Repeat("Vă scriu în legătură cu cererea mea de transcriere. ", 370)) + last;
        var c = await client.CreateCase(description: body);
        var id = Guid.Parse(c.Str("id"));
        var text = await app.Db(db => db.Cases.IgnoreQueryFilters().Where(x => x.Id == id).Select(x => x.SearchText).SingleAsync());
        Assert.True(text.Length < 200, $"{text.Length} characters indexed");
        Assert.Single(text.Split(' '), w => w == "transcriere");
        var found = (await (await client.GetAsync($"/api/v1/cases?q={Uri.EscapeDataString(last[..12])}")).Body())["items"]!.AsArray();
        Assert.Equal(c.Str("id"), Assert.Single(found)!.Str("id"));
    }
}
