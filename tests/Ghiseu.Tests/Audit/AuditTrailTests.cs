using System.Data.Common;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ghiseu.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Audit;

[Collection(ApiCollection.Name)]
public class AuditTrailTests(GhiseuFactory app)
{
    private async Task<JsonArray> TrailAsync(string query)
    {
        var response = await (await app.ClientFor(Staff.Auditor)).GetAsync($"/api/v1/audit?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Body()).AsArray();
    }

    [Fact]
    public async Task GetCase_ByParisAgent_RecordsReadWithUserAndAddress()
    {
        var paris = await app.Paris();
        var c = await paris.CreateCase();
        var me = await (await paris.GetAsync("/api/v1/auth/me")).Body();
        // The test server has no network connection; give the request the address a real one would have.
        var context = await app.Server.SendAsync(http =>
        {
            http.Request.Method = HttpMethods.Get;
            http.Request.Path = $"/api/v1/cases/{c.Str("id")}";
            http.Request.Headers.Authorization = paris.DefaultRequestHeaders.Authorization!.ToString();
            http.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
        });
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        var trail = await TrailAsync($"entityType=Case&entityId={c.Str("id")}&action=read");
        var read = Assert.Single(trail)!;
        Assert.Equal(me.Str("id"), read.Str("userId"));
        Assert.Equal(Staff.Paris, read.Str("userName"));
        Assert.Equal("203.0.113.7", read.Str("ipAddress"));
        Assert.Equal(c.Str("unit"), (await (await paris.GetAsync("/api/v1/units")).Body()).AsArray()
            .Single(u => u!.Str("id") == read.Str("unitId"))!.Str("code"));
    }

    [Fact]
    public async Task PatchPriority_RecordsUpdateWithFromAndTo()
    {
        var paris = await app.Paris();
        var c = await paris.CreateCase();
        var from = c.Str("priority");
        var to = from == "high" ? "urgent" : "high";
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/cases/{c.Str("id")}")
        {
            Content = new StringContent($$"""{"priority":"{{to}}"}""", Encoding.UTF8, "application/json"),
        };
        Assert.Equal(HttpStatusCode.OK, (await paris.SendAsync(patch)).StatusCode);
        var update = Assert.Single(await TrailAsync($"entityType=Case&entityId={c.Str("id")}&action=update"))!;
        var details = JsonNode.Parse(update.Str("details"))!;
        Assert.Equal(from, details["priority"]!.Str("from"));
        Assert.Equal(to, details["priority"]!.Str("to"));
        Assert.Null(details["subject"]);
        Assert.Null(details["searchText"]);
    }

    [Fact]
    public async Task CreateCase_LongDescription_RecordedByLengthAndHashNotCopied()
    {
        var paris = await app.Paris();
        var marker = $"lung{Guid.NewGuid():N}";
        var description = $"{marker} " + string.Concat(Enumerable.Repeat("Cerere de transcriere a certificatului de naștere. ", 60));
        var c = await paris.CreateCase(description: description, subject: "Scurt");
        var create = Assert.Single(await TrailAsync($"entityType=Case&entityId={c.Str("id")}&action=create"))!;
        Assert.DoesNotContain(marker, create.Str("details"), StringComparison.Ordinal);
        var details = JsonNode.Parse(create.Str("details"))!;
        var stored = description.Trim();
        Assert.Equal(stored.Length, details["description"]!["length"]!.GetValue<int>());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(stored))),
            details["description"]!.Str("sha256"));
        Assert.Equal("Scurt", details["subject"]!.GetValue<string>()); // a short text is kept as it is
    }

    [Fact]
    public async Task Login_WrongPassword_IsAudited()
    {
        var user = await app.CreateStaff();
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Login(user.Email!, "Wrong-Password-123")).StatusCode);
        var unknown = $"nobody.{Guid.NewGuid():N}@test.ghiseu.ro";
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Login(unknown, "Wrong-Password-123")).StatusCode);
        var failed = await TrailAsync("action=login-failed&limit=500");
        Assert.Contains(failed, a => a!["entityId"]?.GetValue<string>() == user.Id.ToString());
        Assert.Contains(failed, a => a!["details"]?.GetValue<string>()?.Contains(unknown, StringComparison.Ordinal) == true);
        Assert.DoesNotContain(failed, a => a!["details"]?.GetValue<string>()?.Contains("Wrong-Password", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Query_ByEntityId_ReturnsOnlyThatEntity()
    {
        var paris = await app.Paris();
        var a = await paris.CreateCase();
        var b = await paris.CreateCase();
        await paris.GetAsync($"/api/v1/cases/{a.Str("id")}");
        await paris.GetAsync($"/api/v1/cases/{b.Str("id")}");
        var trail = await TrailAsync($"entityId={a.Str("id")}");
        Assert.Contains(trail, e => e!.Str("action") == "create");
        Assert.Contains(trail, e => e!.Str("action") == "read");
        Assert.All(trail, e => Assert.Equal(a.Str("id"), e!.Str("entityId")));
        var ids = trail.Select(e => e!["id"]!.GetValue<long>()).ToList();
        Assert.Equal(ids.OrderDescending(), ids);
    }

    [Fact]
    public async Task Query_ByUserAndTime_FiltersEntries()
    {
        var user = await app.CreateStaff();
        using var client = await app.SignIn(user.Email!);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var c = await client.CreateCase();
        await client.GetAsync($"/api/v1/cases/{c.Str("id")}");
        var mine = await TrailAsync($"user={user.Id}&from={Uri.EscapeDataString(before.ToString("O"))}");
        Assert.Contains(mine, e => e!.Str("action") == "read" && e!.Str("entityId") == c.Str("id"));
        Assert.All(mine, e => Assert.Equal(user.Id.ToString(), e!.Str("userId")));
        Assert.Empty(await TrailAsync($"user={user.Id}&to={Uri.EscapeDataString(before.AddMinutes(-1).ToString("O"))}"));
        Assert.Empty(await TrailAsync($"user={user.Id}&from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}"));
        var page = await TrailAsync($"user={user.Id}&limit=1");
        var next = await TrailAsync($"user={user.Id}&limit=1&before={page[0]!["id"]}");
        Assert.True(next[0]!["id"]!.GetValue<long>() < page[0]!["id"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("""UPDATE "AuditEntries" SET "Action" = 'tampered' WHERE "Id" = {0}""")]
    [InlineData("""DELETE FROM "AuditEntries" WHERE "Id" = {0}""")]
    public async Task RawSql_UpdateOrDelete_IsRefusedByDatabase(string sql)
    {
        var c = await (await app.Paris()).CreateCase();
        var id = Assert.Single(await TrailAsync($"entityType=Case&entityId={c.Str("id")}&action=create"))!["id"]!.GetValue<long>();
        await Assert.ThrowsAnyAsync<DbException>(() => app.Db(db => db.Database.ExecuteSqlRawAsync(sql, id)));
        var still = Assert.Single(await TrailAsync($"entityType=Case&entityId={c.Str("id")}&action=create"))!;
        Assert.Equal(id, still["id"]!.GetValue<long>());
    }

    [Fact]
    public async Task Query_ByAgentOrAnonymous_IsRefused()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Paris()).GetAsync("/api/v1/audit")).StatusCode);
        using var anon = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.GetAsync("/api/v1/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await (await app.ClientFor(Staff.Auditor)).GetAsync("/api/v1/audit?limit=0")).StatusCode);
    }
}
