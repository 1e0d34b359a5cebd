using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ghiseu.Features.Citizens;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Citizens;

[Collection(ApiCollection.Name)]
public class CitizenApiTests(GhiseuFactory app)
{
    /// <summary>A valid CNP no other test uses, so matching by CNP finds only this test's citizen.</summary>
    private static string NewCnp()
    {
        var r = Random.Shared;
        var body = $"{r.Next(1, 7)}{r.Next(0, 100):00}{r.Next(1, 13):00}{r.Next(1, 29):00}{r.Next(1, 47):00}{r.Next(1, 1000):000}";
        var sum = body.Select((d, i) => (d - '0') * ("279146358279"[i] - '0')).Sum();
        var cnp = body + (sum % 11 == 10 ? 1 : sum % 11);
        Assert.True(Cnp.IsValid(cnp), cnp);
        return cnp;
    }

    private static string NewEmail() => $"citizen.{Guid.NewGuid():N}@example.com";

    private static string NewPhone() => $"+3361{Random.Shared.Next(1000000, 10000000)}"; // +33 61… is a French mobile range

    private static async Task<JsonNode> CreateAsync(HttpClient client, object citizen, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await client.PostAsJsonAsync("/api/v1/citizens", citizen);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    private static async Task<JsonArray> FindAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync($"/api/v1/citizens?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Body()).AsArray();
    }

    [Fact]
    public async Task Create_New_Returns201_ThenSameEmailPhoneOrCnp_Returns200WithSameCitizen()
    {
        var paris = await app.Paris();
        var (email, phone, cnp) = (NewEmail(), NewPhone(), NewCnp());
        var created = await CreateAsync(paris, new { name = "Elena Marin", email, phone, cnp });
        var id = created.Str("id");
        Assert.Equal(cnp, created.Str("cnp"));
        Assert.Equal(id, (await CreateAsync(paris, new { name = "E. Marin", email = email.ToUpperInvariant() }, HttpStatusCode.OK)).Str("id"));
        Assert.Equal(id, (await CreateAsync(paris, new { name = "Elena M.", phone = phone.Replace("+33", "0033", StringComparison.Ordinal) }, HttpStatusCode.OK)).Str("id"));
        var byCnp = await CreateAsync(paris, new { name = "Marin Elena", cnp, email = NewEmail() }, HttpStatusCode.OK);
        Assert.Equal(id, byCnp.Str("id"));
        Assert.Equal(2, byCnp["contactPoints"]!.AsArray().Count(p => p!.Str("kind") == "email"));
        Assert.Equal(1, await app.Db(db => db.Citizens.CountAsync(c => c.Cnp == cnp)));
    }

    [Theory]
    [InlineData("cnp", "1800101221145")]
    [InlineData("phone", "123")]
    [InlineData("email", "not-an-email")]
    [InlineData("language", "fr")]
    public async Task Create_InvalidContact_Returns400WithFieldError(string field, string value)
    {
        var paris = await app.Paris();
        var name = $"Invalid {Guid.NewGuid():N}";
        var body = new JsonObject { ["name"] = name, [field] = value };
        var response = await paris.PostAsJsonAsync("/api/v1/citizens", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull((await response.Body())["errors"]![field]);
        Assert.Equal(0, await app.Db(db => db.Citizens.CountAsync(c => c.Name == name)));
    }

    [Fact]
    public async Task Find_ByEmailPhoneCnpOrName_FindsTheCitizen()
    {
        var paris = await app.Paris();
        var (email, phone, cnp) = (NewEmail(), NewPhone(), NewCnp());
        var surname = $"Ionescu{Guid.NewGuid():N}"[..16];
        var id = (await CreateAsync(paris, new { name = $"Ştefan Ţurcanu {surname}", email, phone, cnp })).Str("id");
        foreach (var query in new[]
        {
            $"email={Uri.EscapeDataString(email.ToUpperInvariant())}", $"phone={Uri.EscapeDataString(phone)}", $"cnp={cnp}",
            $"name={Uri.EscapeDataString($"Stefan {surname}")}", $"name={Uri.EscapeDataString($"ștefan țurcanu {surname.ToLowerInvariant()}")}",
        })
        {
            var found = await FindAsync(paris, query);
            Assert.True(found.Count == 1 && found[0]!.Str("id") == id, $"{query}: {found.ToJsonString()}");
        }
        Assert.Empty(await FindAsync(paris, $"name={Uri.EscapeDataString($"Stefania {surname}")}"));
    }

    [Fact]
    public async Task Find_WithoutCriteria_Returns400()
    {
        var response = await (await app.Paris()).GetAsync("/api/v1/citizens");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Create_BySystemAdminWithoutUnit_RecordsNoUnit()
    {
        var name = $"Admin Citizen {Guid.NewGuid():N}";
        var created = await CreateAsync(await app.Admin(), new { name, email = NewEmail() });
        var id = created["id"]!.GetValue<Guid>();
        Assert.Null(await app.Db(db => db.Citizens.Where(c => c.Id == id).Select(c => c.CreatedInUnitId).SingleAsync()));
    }

    [Fact]
    public async Task Merge_BySupervisor_MovesCasesAndMarksSourceMerged()
    {
        var paris = await app.Paris();
        var sourceCase = await paris.CreateCase(citizen: new { name = "Vasile Dobre", email = NewEmail() });
        var targetCase = await paris.CreateCase(citizen: new { name = "Vasile Dobre", phone = NewPhone() });
        var source = sourceCase["citizen"]!.Str("id");
        var target = targetCase["citizen"]!.Str("id");
        Assert.NotEqual(source, target);
        var supervisor = await app.ClientFor(Staff.Supervisor);
        var response = await supervisor.PostAsJsonAsync($"/api/v1/citizens/{source}/merge", new { into = target });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(target, (await response.Body()).Str("id"));
        var moved = await (await paris.GetAsync($"/api/v1/cases/{sourceCase.Str("id")}")).Body();
        Assert.Equal(target, moved["citizen"]!.Str("id"));
        var merged = await (await paris.GetAsync($"/api/v1/citizens/{source}")).Body();
        Assert.Equal(target, merged.Str("mergedInto"));
        var merger = await (await paris.GetAsync($"/api/v1/citizens/{target}")).Body();
        Assert.Equal(2, merger["contactPoints"]!.AsArray().Count);
        // A new request with the source's email now reaches the merged record.
        var email = merged["contactPoints"]!.AsArray().Single(p => p!.Str("kind") == "email")!.Str("value");
        Assert.Equal(target, (await CreateAsync(paris, new { name = "Vasile Dobre", email }, HttpStatusCode.OK)).Str("id"));
        Assert.Equal(HttpStatusCode.Conflict, (await supervisor.PostAsJsonAsync($"/api/v1/citizens/{source}/merge", new { into = target })).StatusCode);
    }

    [Fact]
    public async Task Merge_ByAgent_Returns403AndChangesNothing()
    {
        var paris = await app.Paris();
        var a = (await CreateAsync(paris, new { name = "Ana Stan", email = NewEmail() })).Str("id");
        var b = (await CreateAsync(paris, new { name = "Ana Stan", email = NewEmail() })).Str("id");
        Assert.Equal(HttpStatusCode.Forbidden, (await paris.PostAsJsonAsync($"/api/v1/citizens/{a}/merge", new { into = b })).StatusCode);
        Assert.Null((await (await paris.GetAsync($"/api/v1/citizens/{a}")).Body())["mergedInto"]?.GetValue<Guid?>());
    }
}
