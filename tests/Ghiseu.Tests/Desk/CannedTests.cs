using System.Net;
using System.Net.Http.Json;
using Ghiseu.Features.Identity;
using Ghiseu.Tests.Infrastructure;

namespace Ghiseu.Tests.Desk;

[Collection(ApiCollection.Name)]
public class CannedTests(GhiseuFactory app)
{
    private static object Request(string? unit) => new { title = "Test", bodyRo = "Bună ziua, {citizenName}.", bodyEn = "Hello {citizenName}.", unit };

    [Fact]
    public async Task List_Agent_SeesTheResponsesOfUnitsAboveTheirs()
    {
        var paris = await app.Paris();
        var list = await (await paris.GetAsync("/api/v1/desk/canned-responses")).Body();
        var titles = list.AsArray().Select(x => x!["title"]!.GetValue<string>()).ToList();
        Assert.Contains("Programare pașaport", titles);
        Assert.DoesNotContain("Sesizare preluată de echipă", titles);
    }

    [Fact]
    public async Task Save_UnitAdmin_OwnUnitOnlyAgentsRefused()
    {
        var admin = await app.CreateStaff(Roles.UnitAdmin, "MAD");
        using var client = await app.SignIn(admin.Email!);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/desk/canned-responses", Request("MAD"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/v1/desk/canned-responses", Request("PAR"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/v1/desk/canned-responses", Request(null))).StatusCode);

        var agent = await app.Paris();
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/v1/desk/canned-responses", Request("PAR"))).StatusCode);
    }
}
