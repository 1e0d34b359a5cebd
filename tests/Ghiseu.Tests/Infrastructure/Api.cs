using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ghiseu.Tests.Infrastructure;

/// <summary>Small helpers for calling the API and reading its answers.</summary>
public static class Api
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<JsonNode> Body(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("empty body");

    /// <summary>Creates a case through the API and returns its JSON; fails the test on anything but 201.</summary>
    public static async Task<JsonNode> CreateCase(this HttpClient client, string unit = "PAR", string category = "information",
        string? subject = null, string description = "O întrebare despre programul consulatului.", object? citizen = null,
        Dictionary<string, string>? fields = null, string channel = "walkIn")
    {
        var response = await client.PostAsJsonAsync("/api/v1/cases", new
        {
            unit, category, subject = subject ?? $"Test {Guid.NewGuid():N}", description, channel,
            citizen = citizen ?? new { name = "Maria Ionescu", email = $"maria.{Guid.NewGuid():N}@example.com" },
            fields,
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public static string Str(this JsonNode node, string name) => node[name]!.GetValue<string>();
}
