using System.Net;
using System.Net.Http.Json;
using Ghiseu.Tests.Infrastructure;

namespace Ghiseu.Tests.Identity;

/// <summary>What each role may do, whatever units it is granted.</summary>
[Collection(ApiCollection.Name)]
public class RoleTests(GhiseuFactory app)
{
    private static string NewUnitCode() => "T" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    private static object Category(string code, object[] fields, string? unit = null) =>
        new { code, nameRo = "Categorie de test", nameEn = "Test category", unit, defaultQueue = "general", fields };

    [Fact]
    public async Task Agent_AdministrationEndpoints_Get403()
    {
        var agent = await app.Paris();
        var category = await agent.PostAsJsonAsync("/api/v1/categories", Category($"agent-{Guid.NewGuid():N}"[..20], [], "PAR"));
        Assert.Equal(HttpStatusCode.Forbidden, category.StatusCode);
        var unit = await agent.PostAsJsonAsync("/api/v1/units", new { code = NewUnitCode(), name = "Unitate", timeZone = "Europe/Paris", parent = "PAR" });
        Assert.Equal(HttpStatusCode.Forbidden, unit.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/v1/queues", new { unit = "PAR", code = "x", name = "X" })).StatusCode);
    }

    [Fact]
    public async Task SystemAdmin_CreatesUnit_AppearsInUnitList()
    {
        var admin = await app.Admin();
        var code = NewUnitCode();
        var response = await admin.PostAsJsonAsync("/api/v1/units",
            new { code, name = "Consulatul de test", nameEn = "Test consulate", parent = "MAE", timeZone = "Europe/Lisbon", country = "PT" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var units = (await (await admin.GetAsync("/api/v1/units")).Body()).AsArray();
        var created = Assert.Single(units, u => u!.Str("code") == code)!;
        var ministry = Assert.Single(units, u => u!.Str("code") == "MAE")!;
        Assert.Equal(ministry.Str("id"), created.Str("parentId"));
        Assert.Equal("Europe/Lisbon", created.Str("timeZone"));
        // Every staff member sees the tree, including the new unit.
        var agentUnits = (await (await (await app.Paris()).GetAsync("/api/v1/units")).Body()).AsArray();
        Assert.Contains(agentUnits, u => u!.Str("code") == code);
    }

    [Fact]
    public async Task SystemAdmin_CreatesUnitWithExistingCode_Returns400()
    {
        var admin = await app.Admin();
        var response = await admin.PostAsJsonAsync("/api/v1/units", new { code = "PAR", name = "Duplicat", timeZone = "Europe/Paris" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Body())["errors"]!["code"]);
    }

    [Fact]
    public async Task SystemAdmin_CreatesCategoryWithFields_ReturnsAndListsThem()
    {
        var admin = await app.Admin();
        var code = $"test-{Guid.NewGuid():N}"[..24];
        var response = await admin.PostAsJsonAsync("/api/v1/categories", Category(code,
        [
            new { code = "kind", type = "choice", required = true, labelRo = "Tip", labelEn = "Kind", options = new[] { "a", "b" } },
            new { code = "when", type = "date", required = false, labelRo = "Când", labelEn = "When", options = (string[]?)null },
        ], "PAR"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var listed = (await (await admin.GetAsync("/api/v1/categories?unit=PAR")).Body()).AsArray();
        var category = Assert.Single(listed, c => c!.Str("code") == code)!;
        var fields = category["fields"]!.AsArray();
        Assert.Equal(["kind", "when"], fields.Select(f => f!.Str("code")));
        Assert.Equal("choice", fields[0]!.Str("type"));
        Assert.Equal(["a", "b"], fields[0]!["options"]!.AsArray().Select(o => o!.GetValue<string>()));
        // The category is usable at once: its required choice field is checked.
        var agent = await app.Paris();
        var bad = await agent.PostAsJsonAsync("/api/v1/cases", new
        {
            unit = "PAR", category = code, subject = "s", description = "d", channel = "walkIn",
            citizen = new { name = "Ion Pop" }, fields = new Dictionary<string, string> { ["kind"] = "c" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        await agent.CreateCase(category: code, fields: new() { ["kind"] = "b" });
    }

    [Fact]
    public async Task SystemAdmin_CreatesChoiceFieldWithoutOptions_Returns400WithFieldError()
    {
        var admin = await app.Admin();
        var code = $"test-{Guid.NewGuid():N}"[..24];
        var response = await admin.PostAsJsonAsync("/api/v1/categories", Category(code,
            [new { code = "kind", type = "choice", required = true, labelRo = "Tip", labelEn = "Kind", options = Array.Empty<string>() }]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull((await response.Body())["errors"]!["fields[0].options"]);
        var all = (await (await admin.GetAsync("/api/v1/categories")).Body()).AsArray();
        Assert.DoesNotContain(all, c => c!.Str("code") == code);
    }

    [Fact]
    public async Task Auditor_ReadsAuditTrail_ButCannotCreateCase()
    {
        var auditor = await app.ClientFor(Staff.Auditor);
        var audit = await auditor.GetAsync("/api/v1/audit?limit=5");
        Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
        Assert.NotEmpty((await audit.Body()).AsArray());
        var create = await auditor.PostAsJsonAsync("/api/v1/cases", new
        {
            unit = "PAR", category = "information", subject = "s", description = "d", channel = "walkIn", citizen = new { name = "Ion Pop" },
        });
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
    }

    [Fact]
    public async Task Auditor_ChangesCase_Gets403()
    {
        var c = await (await app.Paris()).CreateCase();
        var auditor = await app.ClientFor(Staff.Auditor);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/api/v1/cases/{c.Str("id")}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostAsJsonAsync($"/api/v1/cases/{c.Str("id")}/notes", new { body = "x" })).StatusCode);
    }
}
