using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ghiseu.Features.Identity;
using Ghiseu.Tests.Infrastructure;

namespace Ghiseu.Tests.Units;

[Collection(ApiCollection.Name)]
public class UnitApiTests(GhiseuFactory app)
{
    private static async Task<JsonArray> ListAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Body()).AsArray();
    }

    [Fact]
    public async Task List_ReturnsDemoUnitsWithParentAndTimeZone()
    {
        var units = await ListAsync(await app.Paris(), "/api/v1/units");
        JsonNode Unit(string code) => Assert.Single(units, u => u!.Str("code") == code)!;
        var ministry = Unit("MAE");
        Assert.Null(ministry["parentId"]?.GetValue<Guid?>());
        Assert.Null(Unit("ABA")["parentId"]?.GetValue<Guid?>());
        foreach (var (code, zone) in new[] { ("PAR", "Europe/Paris"), ("MAD", "Europe/Madrid"), ("ROM", "Europe/Rome") })
        {
            var unit = Unit(code);
            Assert.Equal(ministry.Str("id"), unit.Str("parentId"));
            Assert.Equal(zone, unit.Str("timeZone"));
            Assert.False(string.IsNullOrWhiteSpace(unit.Str("name")));
        }
    }

    [Fact]
    public async Task Queues_OfOwnUnit_ListsThem()
    {
        var queues = await ListAsync(await app.Paris(), "/api/v1/queues?unit=PAR");
        Assert.Contains(queues, q => q!.Str("code") == "passports");
        Assert.Contains(queues, q => q!.Str("code") == "civil-status");
        Assert.All(queues, q => Assert.Equal("PAR", q!.Str("unit")));
    }

    [Fact]
    public async Task Queues_OfAnotherUnit_ReturnsEmptyList()
    {
        var paris = await app.Paris();
        Assert.Empty(await ListAsync(paris, "/api/v1/queues?unit=MAD"));
        var madrid = await ListAsync(await app.Madrid(), "/api/v1/queues?unit=MAD");
        var madridQueue = madrid[0]!.Str("id");
        Assert.Empty(await ListAsync(paris, $"/api/v1/queues?unit={madrid[0]!.Str("unitId")}"));
        var all = await ListAsync(paris, "/api/v1/queues");
        Assert.NotEmpty(all);
        Assert.All(all, q => Assert.Equal("PAR", q!.Str("unit")));
        Assert.DoesNotContain(all, q => q!.Str("id") == madridQueue);
    }

    [Fact]
    public async Task Queues_OfUnknownUnit_Returns400()
    {
        var response = await (await app.Paris()).GetAsync("/api/v1/queues?unit=NOPE");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Queues_SupervisorOfMinistry_SeesEveryMission()
    {
        var supervisor = await app.ClientFor(Staff.Supervisor);
        Assert.NotEmpty(await ListAsync(supervisor, "/api/v1/queues?unit=MAD"));
        Assert.NotEmpty(await ListAsync(supervisor, "/api/v1/queues?unit=PAR"));
        Assert.Empty(await ListAsync(supervisor, "/api/v1/queues?unit=ABA"));
    }

    [Fact]
    public async Task CreateQueue_UnitAdminOfParis_AddsToParisButNotMadrid()
    {
        var admin = await app.SignIn((await app.CreateStaff(Roles.UnitAdmin, "PAR")).Email!);
        var code = $"q-{Guid.NewGuid():N}"[..20];
        var created = await admin.PostAsJsonAsync("/api/v1/queues", new { unit = "PAR", code, name = "Coadă de test" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains(await ListAsync(await app.Paris(), "/api/v1/queues?unit=PAR"), q => q!.Str("code") == code);
        var refused = await admin.PostAsJsonAsync("/api/v1/queues", new { unit = "MAD", code, name = "Coadă de test" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.DoesNotContain(await ListAsync(await app.Madrid(), "/api/v1/queues?unit=MAD"), q => q!.Str("code") == code);
        var duplicate = await admin.PostAsJsonAsync("/api/v1/queues", new { unit = "PAR", code, name = "Alta" });
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
    }
}
