using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Cases;

[Collection(ApiCollection.Name)]
public class CaseSearchTests(GhiseuFactory app)
{
    private static string Word(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..18];

    private static async Task<List<string>> Search(HttpClient client, string q) =>
        [.. (await (await client.GetAsync($"/api/v1/cases?limit=200&q={Uri.EscapeDataString(q)}")).Body())["items"]!.AsArray()
            .Select(i => i!.Str("id"))];

    [Fact]
    public async Task Search_WordOnlyInANote_FindsTheCaseByPrefixIgnoringDiacritics()
    {
        var client = await app.Paris();
        var word = Word("ţarcul");
        var c = await client.CreateCase();
        (await client.PostAsJsonAsync($"/api/v1/cases/{c.Str("id")}/notes", new { body = $"Cetăţeanul a sunat despre {word} ieri." })).EnsureSuccessStatusCode();
        Assert.Equal([c.Str("id")], await Search(client, word.Replace("ţ", "ț", StringComparison.Ordinal)[..14]));
        Assert.Equal([c.Str("id")], await Search(client, Ghiseu.Data.TextFolding.Fold(word).ToUpperInvariant()));
    }

    [Fact]
    public async Task Create_FirstMessageIsTheDescription_IndexedOnceAndFoundByItsWords()
    {
        var client = await app.Paris();
        var word = Word("primul");
        var c = await client.CreateCase(description: $"Cerere despre {word}, scrisă o singură dată.");
        var id = Guid.Parse(c.Str("id"));
        // The description is in the case's own search text; its copy as the first message is not folded again.
        var first = await app.Db(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Interactions.Where(i => i.CaseId == id && i.Direction == Ghiseu.Features.Cases.Direction.Inbound)));
        Assert.Equal("", first.SearchText);
        Assert.Equal([c.Str("id")], await Search(client, word));
        // A later message is folded and searchable as before.
        var later = Word("alDoilea");
        (await client.PostAsJsonAsync($"/api/v1/cases/{c.Str("id")}/notes", new { body = $"Revine cu {later}." })).EnsureSuccessStatusCode();
        Assert.Equal([c.Str("id")], await Search(client, later));
    }

    [Fact]
    public async Task Create_AutomaticConfirmationIsNotIndexed_StaffReplyIs()
    {
        var client = await app.Paris();
        var c = await client.CreateCase(description: $"Cerere {Word("auto")}.");
        var id = Guid.Parse(c.Str("id"));
        // The "received" confirmation (outbound, written by no one) is on the timeline, but not in the search text.
        var automatic = await app.Db(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.Interactions.Where(i => i.CaseId == id && i.Direction == Ghiseu.Features.Cases.Direction.Outbound)));
        Assert.Null(automatic.AuthorStaffId);
        Assert.Equal("", automatic.SearchText);
        Assert.Equal("", await MessageText(id));
        // A person's reply is the case's text like any other message.
        var word = Word("raspuns");
        (await client.PostAsJsonAsync($"/api/v1/cases/{id}/messages", new { body = $"Documentele pentru {word} sunt gata.", channel = "email" })).EnsureSuccessStatusCode();
        Assert.Equal([c.Str("id")], await Search(client, word));
        Assert.Contains(word.ToLowerInvariant(), await MessageText(id), StringComparison.Ordinal);
    }

    /// <summary>The messages' words the database keeps beside the case's own text for its full-text index.</summary>
    private Task<string> MessageText(Guid id) => app.Db(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
        db.Database.SqlQuery<string>($"""SELECT "MessageText" AS "Value" FROM "Cases" WHERE "Id" = {id}""")));

    [Fact]
    public async Task Search_SeveralWords_FindsOnlyCasesWithEveryWord()
    {
        var client = await app.Paris();
        var (a, b) = (Word("alfa"), Word("beta"));
        var both = await client.CreateCase(description: $"Cerere cu {a} și {b}.");
        await client.CreateCase(description: $"Cerere doar cu {a}.");
        Assert.Equal([both.Str("id")], await Search(client, $"{b} {a}"));
        Assert.Equal(2, (await Search(client, a)).Count);
    }

    [Fact]
    public async Task Search_EditedTags_FindsTheNewTagNotTheOld()
    {
        var client = await app.Paris();
        var (oldTag, newTag) = (Word("vechi"), Word("nou"));
        var c = await client.CreateCase();
        foreach (var tag in new[] { oldTag, newTag })
        {
            var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/cases/{c.Str("id")}") { Content = JsonContent.Create(new { tags = new[] { tag } }) };
            (await client.SendAsync(patch)).EnsureSuccessStatusCode();
        }
        Assert.Empty(await Search(client, oldTag));
        Assert.Equal([c.Str("id")], await Search(client, newTag));
    }

    [Fact]
    public async Task Search_RegistrationNumberOrCitizenEmail_FindsExactlyThatCase()
    {
        var client = await app.Paris();
        var email = $"exact.{Guid.NewGuid():N}@example.com";
        var c = await client.CreateCase(citizen: new { name = "Elena Exact", email });
        await client.CreateCase(description: $"Menționează {c.Str("registrationNumber")} în text.");
        Assert.Equal([c.Str("id")], await Search(client, c.Str("registrationNumber").ToLowerInvariant()));
        Assert.Equal([c.Str("id")], await Search(client, email.ToUpperInvariant()));
        Assert.Equal([c.Str("id")], await Search(client, c.Str("trackingCode")));
    }

    [Fact]
    public async Task Search_PunctuationAndQuerySyntax_IsTreatedAsPlainWords()
    {
        var client = await app.Paris();
        var response = await client.GetAsync($"/api/v1/cases?q={Uri.EscapeDataString("\"a* OR b:* & !c (NEAR) ' --")}");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.IsType<JsonArray>((await response.Body())["items"]);
    }
}
