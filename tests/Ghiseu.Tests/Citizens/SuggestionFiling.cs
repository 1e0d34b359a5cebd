using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ghiseu.Features.Citizens;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Citizens;

/// <summary>What the "possible same person" tests file and read: portal requests, their citizens, the suggestions between them.</summary>
public static class SuggestionFiling
{
    public static string NewEmail() => $"same.{Guid.NewGuid():N}@example.com";

    public static string NewPhone() => $"+3361{Random.Shared.Next(1000000, 10000000)}";

    public static string NewCnp()
    {
        var r = Random.Shared;
        var body = $"{r.Next(1, 7)}{r.Next(0, 100):00}{r.Next(1, 13):00}{r.Next(1, 29):00}{r.Next(1, 47):00}{r.Next(1, 1000):000}";
        var sum = body.Select((d, i) => (d - '0') * ("279146358279"[i] - '0')).Sum();
        return body + (sum % 11 == 10 ? 1 : sum % 11);
    }

    /// <summary>Files a portal request; returns its case id and the citizen it got.</summary>
    public static async Task<(Guid Case, Guid Citizen)> FileAsync(this GhiseuFactory app, string name, string? email, string? phone, string unit = "PAR")
    {
        using var anon = app.CreateClient();
        var response = await anon.PostAsJsonAsync("/api/v1/portal/requests", new
        {
            unit, category = "information", description = "Solicit informații despre programul secției consulare.",
            citizen = new { name, email, phone, language = "ro" }, consent = true,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var number = (await response.Body()).Str("registrationNumber");
        var row = await app.Db(db => db.Cases.IgnoreQueryFilters().Where(c => c.RegistrationNumber == number)
            .Select(c => new { c.Id, c.CitizenId }).FirstAsync());
        return (row.Id, row.CitizenId);
    }

    /// <summary>The suggestions between two records, in either direction, as stored.</summary>
    public static Task<List<CitizenMatchSuggestion>> PairAsync(this GhiseuFactory app, Guid a, Guid b) =>
        app.Db(db => db.CitizenMatchSuggestions.Where(s => (s.NewCitizenId == a && s.ExistingCitizenId == b) || (s.NewCitizenId == b && s.ExistingCitizenId == a)).ToListAsync());

    /// <summary>The open suggestions the client may see about a citizen.</summary>
    public static async Task<JsonArray> OpenOfAsync(this HttpClient client, Guid citizen)
    {
        var response = await client.GetAsync($"/api/v1/citizens/suggestions?citizen={citizen}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Body()).AsArray();
    }
}
