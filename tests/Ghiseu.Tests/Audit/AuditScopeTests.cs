using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ghiseu.Features.Identity;
using Ghiseu.Tests.Infrastructure;

namespace Ghiseu.Tests.Audit;

/// <summary>An auditor granted one unit reads that unit's part of the trail, not what other units did with their citizens.</summary>
[Collection(ApiCollection.Name)]
public class AuditScopeTests(GhiseuFactory app)
{
    private static async Task<JsonArray> TrailAsync(HttpClient auditor, string query)
    {
        var response = await auditor.GetAsync($"/api/v1/audit?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Body()).AsArray();
    }

    private static bool Mentions(JsonNode? entry, string text) =>
        entry?["details"]?.GetValue<string>()?.Contains(text, StringComparison.Ordinal) == true;

    [Fact]
    public async Task Query_ByParisAuditor_HidesMadridCaseCitizenAndReferral()
    {
        var marker = Guid.NewGuid().ToString("N");
        var email = $"secret.{marker}@example.com";
        var madrid = await app.Madrid();
        var c = await madrid.CreateCase(unit: "MAD", citizen: new { name = $"Secret {marker}", email });
        var referral = await madrid.PostAsJsonAsync($"/api/v1/cases/{c.Str("id")}/referrals", new { authority = "police", reason = $"Reason {marker}" });
        Assert.Equal(HttpStatusCode.OK, referral.StatusCode);
        var citizenId = c["citizen"]!.Str("id");
        await madrid.GetAsync($"/api/v1/citizens/{citizenId}");

        var paris = await app.SignIn((await app.CreateStaff(Roles.Auditor, "PAR")).Email!);
        Assert.Empty(await TrailAsync(paris, $"entityId={c.Str("id")}"));
        Assert.Empty(await TrailAsync(paris, $"entityId={citizenId}"));
        foreach (var type in new[] { "Citizen", "ContactPoint", "Referral" })
            Assert.DoesNotContain(await TrailAsync(paris, $"entityType={type}&limit=500"), e => Mentions(e, marker));

        // The ministry's auditor sees all of it.
        var ministry = await app.ClientFor(Staff.Auditor);
        Assert.NotEmpty(await TrailAsync(ministry, $"entityId={c.Str("id")}"));
        var citizenTrail = await TrailAsync(ministry, $"entityId={citizenId}");
        Assert.Contains(citizenTrail, e => e!.Str("action") == "create" && Mentions(e, marker));
        Assert.Contains(citizenTrail, e => e!.Str("action") == "read");
        Assert.Contains(await TrailAsync(ministry, "entityType=ContactPoint&limit=500"), e => Mentions(e, email));
        Assert.Contains(await TrailAsync(ministry, "entityType=Referral&limit=500"), e => Mentions(e, marker));
    }

    [Fact]
    public async Task Query_ByParisAuditor_SeesParisCitizen()
    {
        var marker = Guid.NewGuid().ToString("N");
        var c = await (await app.Paris()).CreateCase(citizen: new { name = $"Visible {marker}", email = $"visible.{marker}@example.com" });
        var paris = await app.SignIn((await app.CreateStaff(Roles.Auditor, "PAR")).Email!);
        Assert.Contains(await TrailAsync(paris, $"entityId={c["citizen"]!.Str("id")}"), e => e!.Str("action") == "create" && Mentions(e, marker));
    }
}
