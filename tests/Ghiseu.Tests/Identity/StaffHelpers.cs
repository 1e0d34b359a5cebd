using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ghiseu.Tests.Infrastructure;

namespace Ghiseu.Tests.Identity;

public static class StaffHelpers
{
    public static string NewEmail() => $"new.{Guid.NewGuid():N}@test.ghiseu.ro";

    /// <summary>Creates an account through the API; returns the answer's body (staff and temporaryPassword).</summary>
    public static async Task<JsonNode> CreateAccount(this HttpClient admin, string unit = "PAR", string role = "Agent", string? email = null)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/staff", new
        {
            email = email ?? NewEmail(), displayName = "Ștefan Nou", language = "ro", timeZone = "Europe/Paris",
            roles = new[] { role }, grants = new[] { new { unit, includeSubtree = true } },
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>A personal access token of the signed-in client.</summary>
    public static async Task<string> IssueToken(this HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/v1/auth/tokens", new { name = "integration" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Body()).Str("token");
    }

    public static async Task<string?> ProblemType(this HttpResponseMessage response) =>
        (await response.Body())["type"]?.GetValue<string>();
}
