using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Identity;

[Collection(ApiCollection.Name)]
public class PersonalAccessTokenTests(GhiseuFactory app)
{
    private static async Task<(Guid Id, string Token)> IssueAsync(HttpClient client, int? expiresInDays = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/auth/tokens", new { name = $"integration {Guid.NewGuid():N}", expiresInDays });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Body();
        return (body["id"]!.GetValue<Guid>(), body.Str("token"));
    }

    [Fact]
    public async Task Issue_ThenUseAsBearer_ReadsCases()
    {
        using var owner = await app.SignIn((await app.CreateStaff()).Email!);
        var (_, token) = await IssueAsync(owner);
        Assert.StartsWith("ghpat_", token, StringComparison.Ordinal);
        Assert.True(token.Length >= 40, token);
        using var integration = app.WithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await integration.GetAsync("/api/v1/cases")).StatusCode);
        var created = await integration.CreateCase();
        Assert.Equal("PAR", created.Str("unit"));
    }

    [Fact]
    public async Task List_AfterIssue_ShowsTokenWithoutSecret()
    {
        using var owner = await app.SignIn((await app.CreateStaff()).Email!);
        var (id, token) = await IssueAsync(owner);
        var response = await owner.GetAsync("/api/v1/auth/tokens");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var item = Assert.Single((await response.Body()).AsArray(), t => t!["id"]!.GetValue<Guid>() == id)!;
        Assert.Null(item["token"]);
        Assert.StartsWith(item.Str("prefix"), token, StringComparison.Ordinal);
        Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        Assert.DoesNotContain(token["ghpat_".Length..], text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_StoresOnlySha256()
    {
        using var owner = await app.SignIn((await app.CreateStaff()).Email!);
        var (id, token) = await IssueAsync(owner);
        var rows = await app.Db(db => db.PersonalAccessTokens.AsNoTracking().ToListAsync());
        var row = Assert.Single(rows, r => r.Id == id);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), row.Hash);
        var secret = token["ghpat_".Length..];
        foreach (var r in rows)
            foreach (var value in new[] { r.Name, r.Hash, r.Prefix })
                Assert.DoesNotContain(secret, value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_ThenUse_Returns401()
    {
        using var owner = await app.SignIn((await app.CreateStaff()).Email!);
        var (id, token) = await IssueAsync(owner);
        using var integration = app.WithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await integration.GetAsync("/api/v1/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/auth/tokens/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await integration.GetAsync("/api/v1/cases")).StatusCode);
        var listed = await (await owner.GetAsync("/api/v1/auth/tokens")).Body();
        Assert.NotNull(listed.AsArray().Single(t => t!["id"]!.GetValue<Guid>() == id)!["revokedAt"]);
    }

    [Fact]
    public async Task Revoke_SomeoneElsesToken_Returns404AndTokenKeepsWorking()
    {
        using var owner = await app.SignIn((await app.CreateStaff()).Email!);
        using var other = await app.SignIn((await app.CreateStaff()).Email!);
        var (id, token) = await IssueAsync(owner);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/v1/auth/tokens/{id}")).StatusCode);
        using var integration = app.WithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await integration.GetAsync("/api/v1/cases")).StatusCode);
    }

    [Fact]
    public async Task Expired_Returns401()
    {
        using var owner = await app.SignIn((await app.CreateStaff()).Email!);
        var (id, token) = await IssueAsync(owner, expiresInDays: 1);
        using var integration = app.WithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await integration.GetAsync("/api/v1/cases")).StatusCode);
        var past = DateTimeOffset.UtcNow.AddMinutes(-1);
        await app.Db(db => db.PersonalAccessTokens.Where(t => t.Id == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, past)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await integration.GetAsync("/api/v1/cases")).StatusCode);
    }

    [Theory]
    [InlineData("""{"name":"x","expiresInDays":0}""")]
    [InlineData("""{"name":"x","expiresInDays":4000}""")]
    [InlineData("""{"name":""}""")]
    public async Task Issue_InvalidRequest_Returns400(string body)
    {
        using var owner = await app.SignIn((await app.CreateStaff()).Email!);
        var response = await owner.PostAsync("/api/v1/auth/tokens", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty((await (await owner.GetAsync("/api/v1/auth/tokens")).Body()).AsArray());
    }

    [Fact]
    public async Task Unknown_Returns401()
    {
        using var integration = app.WithToken("ghpat_" + new string('x', 43));
        Assert.Equal(HttpStatusCode.Unauthorized, (await integration.GetAsync("/api/v1/cases")).StatusCode);
    }

    [Fact]
    public async Task OfInactiveUser_Returns401()
    {
        var user = await app.CreateStaff();
        using var owner = await app.SignIn(user.Email!);
        var (_, token) = await IssueAsync(owner);
        await app.Db(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Active, false)));
        using var integration = app.WithToken(token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await integration.GetAsync("/api/v1/cases")).StatusCode);
    }

    [Fact]
    public async Task OfParisAgent_ReadsMadridCase_Gets404()
    {
        var madrid = await app.Madrid();
        var c = await madrid.CreateCase(unit: "MAD");
        using var owner = await app.SignIn((await app.CreateStaff(unit: "PAR")).Email!);
        var (_, token) = await IssueAsync(owner);
        using var integration = app.WithToken(token);
        Assert.Equal(HttpStatusCode.NotFound, (await integration.GetAsync($"/api/v1/cases/{c.Str("id")}")).StatusCode);
        var list = await (await integration.GetAsync("/api/v1/cases?unit=MAD&limit=200")).Body();
        Assert.Empty(list["items"]!.AsArray());
    }
}
