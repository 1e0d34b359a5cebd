using System.Net;
using System.Text.Json.Nodes;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Identity;

[Collection(ApiCollection.Name)]
public class LoginTests(GhiseuFactory app)
{
    private static async Task<JsonNode> Unauthorized(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Body();
    }

    /// <summary>How the throttle keys an account name: the SHA-256 of the name in capitals.</summary>
    public static string AccountKey(string email) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(email.ToUpperInvariant())));

    [Fact]
    public async Task Login_RightPassword_ReturnsAccessTokenAndExpiry()
    {
        var user = await app.CreateStaff();
        var response = await app.Login(user.Email!);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Body();
        Assert.False(string.IsNullOrWhiteSpace(body.Str("accessToken")));
        Assert.InRange(body["expiresIn"]!.GetValue<int>(), 60, 24 * 3600);
        using var client = app.WithToken(body.Str("accessToken"));
        var me = await (await client.GetAsync("/api/v1/auth/me")).Body();
        Assert.Equal(user.Id.ToString(), me.Str("id"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/cases")).StatusCode);
    }

    [Fact]
    public async Task Login_WrongPassword_Returns401Problem()
    {
        var user = await app.CreateStaff();
        var problem = await Unauthorized(await app.Login(user.Email!, "Wrong-Password-123"));
        Assert.Equal(401, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem.Str("detail")));
        Assert.Null(problem["accessToken"]);
    }

    [Fact]
    public async Task Login_UnknownEmail_Returns401WithSameMessageAsWrongPassword()
    {
        var user = await app.CreateStaff();
        var wrongPassword = await Unauthorized(await app.Login(user.Email!, "Wrong-Password-123"));
        var unknown = await Unauthorized(await app.Login($"nobody.{Guid.NewGuid():N}@test.ghiseu.ro", "Wrong-Password-123"));
        Assert.Equal(wrongPassword.Str("detail"), unknown.Str("detail"));
        Assert.Equal(wrongPassword.Str("type"), unknown.Str("type"));
        Assert.Equal(wrongPassword.Str("title"), unknown.Str("title"));
    }

    [Fact]
    public async Task Login_FiveWrongPasswords_ThrottlesTheNameWithoutLockingTheAccount()
    {
        var user = await app.CreateStaff();
        for (var i = 0; i < 5; i++)
            await Unauthorized(await app.Login(user.Email!, $"Wrong-Password-{i}"));
        var account = await app.Db(db => db.Users.Where(u => u.Id == user.Id).Select(u => new { u.LockoutEnd, u.AccessFailedCount }).SingleAsync());
        Assert.Null(account.LockoutEnd);
        Assert.Equal(0, account.AccessFailedCount);
        var key = AccountKey(user.Email!);
        var count = await app.Db(db => db.SignInFailures.SingleAsync(f => f.Kind == "account" && f.Key == key));
        Assert.Equal(5, count.Failures);
        Assert.True(count.BlockedUntil > count.LastFailureAt, $"blocked until {count.BlockedUntil}");
        Assert.True(count.BlockedUntil <= count.LastFailureAt.AddSeconds(2), $"blocked until {count.BlockedUntil}");
    }

    [Fact]
    public async Task Login_WrongPasswordsConcurrently_EachIs401AndCounts()
    {
        var user = await app.CreateStaff();
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => app.Login(user.Email!, $"Wrong-Password-{i}")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        var key = AccountKey(user.Email!);
        var count = await app.Db(db => db.SignInFailures.SingleAsync(f => f.Kind == "account" && f.Key == key));
        Assert.Equal(5, count.Failures);
        Assert.NotNull(count.BlockedUntil);
    }

    [Fact]
    public async Task Login_FourWrongPasswordsThenRight_Succeeds()
    {
        var user = await app.CreateStaff();
        for (var i = 0; i < 4; i++)
            await Unauthorized(await app.Login(user.Email!, $"Wrong-Password-{i}"));
        Assert.Equal(HttpStatusCode.OK, (await app.Login(user.Email!)).StatusCode);
    }

    [Fact]
    public async Task Login_InactiveUser_Returns401LikeWrongPassword()
    {
        var user = await app.CreateStaff(active: false);
        var inactive = await Unauthorized(await app.Login(user.Email!));
        var other = await app.CreateStaff();
        var wrong = await Unauthorized(await app.Login(other.Email!, "Wrong-Password-123"));
        Assert.Equal(wrong.Str("detail"), inactive.Str("detail"));
    }

    [Fact]
    public async Task Login_MissingPassword_Returns400()
    {
        using var anon = app.CreateClient();
        var response = await anon.PostAsync("/api/v1/auth/login",
            new StringContent("""{"email":"agent.paris@demo.ghiseu.ro"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
