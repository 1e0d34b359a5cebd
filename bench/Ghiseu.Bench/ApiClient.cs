using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ghiseu.Bench;

/// <summary>A signed-in API client on loopback; one HTTP/1.1 connection per concurrent request.</summary>
public sealed class ApiClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json") { CharSet = "utf-8" };
    private readonly HttpClient http;

    private ApiClient(HttpClient http) => this.http = http;

    public static async Task<ApiClient> LoginAsync(Uri baseUri, string email, string password, CancellationToken ct)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = 1024,
        };
        var http = new HttpClient(handler) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            using var r = await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password }, ct);
            var body = await r.Content.ReadAsStringAsync(ct);
            if (r.StatusCode != HttpStatusCode.OK)
                throw new BenchException($"login as {email} answered {(int)r.StatusCode}: {body}");
            var token = JsonDocument.Parse(body).RootElement.GetProperty("accessToken").GetString();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return new ApiClient(http);
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    /// <summary>Codes of the units directly under <paramref name="parentCode"/>.</summary>
    public async Task<List<string>> ChildUnitsAsync(string parentCode, CancellationToken ct)
    {
        var units = await http.GetFromJsonAsync<List<UnitDto>>("/api/v1/units", ct) ?? [];
        var parent = units.FirstOrDefault(u => u.Code == parentCode) ?? throw new BenchException($"no unit {parentCode}");
        var children = units.Where(u => u.ParentId == parent.Id).Select(u => u.Code).Order(StringComparer.Ordinal).ToList();
        return children.Count > 0 ? children : throw new BenchException($"unit {parentCode} has no child units");
    }

    /// <summary>Creates a case; anything but 201 Created is an error.</summary>
    public async ValueTask<Outcome> CreateCaseAsync(byte[] body, CancellationToken ct)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = JsonType;
        using var r = await http.PostAsync(new Uri("/api/v1/cases", UriKind.Relative), content, ct);
        var text = await r.Content.ReadAsStringAsync(ct);
        return r.StatusCode == HttpStatusCode.Created
            ? Outcome.Success
            : Outcome.Fail($"HTTP {(int)r.StatusCode}: {(text.Length > 300 ? text[..300] : text)}");
    }

    public void Dispose() => http.Dispose();

    private sealed record UnitDto(Guid Id, string Code, Guid? ParentId);
}
