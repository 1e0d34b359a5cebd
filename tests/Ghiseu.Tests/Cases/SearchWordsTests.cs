using System.Globalization;
using System.Net.Http.Json;
using System.Text;
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

    [Theory]
    [InlineData("Bună ziua, ŞTEFAN Ţăranu şi Ștefan Țăranu: cerere de naștere")]
    [InlineData("Äpfel über Straße, Ærøskøbing, Ελληνικά Ά, Ǆemal, ﬁnanțe, K (Kelvin), Å")]
    [InlineData("한국어 텍스트 and decomposed \u1100\u1161 jamo, e\u0301 e\u0327\u0301 combining")]
    [InlineData("Emoji 😀 and math 𝔸 stay, lone marks \u0301\u0308 go")]
    public void Fold_OneCharacterAtATime_SameAsNormalizingTheWholeText(string text)
    {
        text = System.Text.RegularExpressions.Regex.Unescape(text);
        Assert.Equal(WholeTextFold(text), TextFolding.Fold(text));
    }

    /// <summary>The definition: decompose the whole text, drop non-spacing marks, lower-case, recompose.</summary>
    private static string WholeTextFold(string text)
    {
        var sb = new StringBuilder();
        foreach (var ch in text.Normalize(NormalizationForm.FormD))
            if (CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark) sb.Append(char.ToLowerInvariant(ch));
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    [Fact]
    public async Task SubjectEdited_FoundByTheNewWordNotTheOld_StatusChangeKeepsTheWords()
    {
        var client = await app.Paris();
        var (before, after) = ($"vechi{Guid.NewGuid():N}"[..16], $"nou{Guid.NewGuid():N}"[..16]);
        var c = await client.CreateCase(subject: $"Cerere {before}");
        var id = c.Str("id");
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/cases/{id}")
        {
            Content = new StringContent($$"""{"subject":"Cerere {{after}}"}""", Encoding.UTF8, "application/merge-patch+json"),
        };
        (await client.SendAsync(patch)).EnsureSuccessStatusCode();
        Assert.Empty(await Search(client, before));
        Assert.Equal([id], await Search(client, after));
        (await client.PostAsJsonAsync($"/api/v1/cases/{id}/status", new { status = "open" })).EnsureSuccessStatusCode();
        Assert.Equal([id], await Search(client, after));
    }

    private static async Task<List<string>> Search(HttpClient client, string q) =>
        [.. (await (await client.GetAsync($"/api/v1/cases?q={Uri.EscapeDataString(q)}")).Body())["items"]!.AsArray().Select(i => i!.Str("id"))];

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
