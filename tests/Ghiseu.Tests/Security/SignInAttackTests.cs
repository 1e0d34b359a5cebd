using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ghiseu.Data;
using Ghiseu.Features.Identity;
using Ghiseu.Tests.Identity;
using Ghiseu.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OtpNet;

namespace Ghiseu.Tests.Security;

/// <summary>
/// A host whose connections come from the address in X-Test-Peer, with the stock sign-in throttle
/// on a clock that stands still, so a wait set by a test does not run out before the next request.
/// </summary>
public sealed class SignInAttackFactory : GhiseuFactory
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    protected override int DemoCases => 0;

    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Ghiseu:SignInThrottle:AddressFailures", "5")];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s =>
        {
            s.AddTransient<IStartupFilter, PeerFilter>();
            s.RemoveAll<SignInThrottle>();
            s.AddSingleton(sp => new SignInThrottle(sp.GetRequiredService<IDbContextFactory<GhiseuDb>>(), new StillClock(), sp.GetRequiredService<IConfiguration>()));
        });
    }

    private sealed class StillClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class PeerFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, go) =>
            {
                http.Connection.RemoteIpAddress = IPAddress.Parse(http.Request.Headers["X-Test-Peer"].FirstOrDefault() ?? "127.0.0.1");
                return go(http);
            });
            next(app);
        };
    }
}

public class SignInAttackTests(SignInAttackFactory app) : IClassFixture<SignInAttackFactory>
{
    private static int lastPeer;

    /// <summary>A client address no other test uses.</summary>
    private static string NewPeer() => $"198.51.{Interlocked.Increment(ref lastPeer) / 250}.{lastPeer % 250 + 1}";

    private async Task<HttpResponseMessage> LoginFrom(string peer, string email, string password, string? totpCode = null)
    {
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Test-Peer", peer);
        return await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password, totpCode });
    }

    private static string Code(string key, int stepsAhead = 0) =>
        new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UtcNow.AddSeconds(30 * stepsAhead));

    /// <summary>Status, type, title and detail: what tells one answer from another.</summary>
    private static async Task<string> Answer(HttpResponseMessage r)
    {
        var body = JsonNode.Parse(await r.Content.ReadAsStringAsync())!;
        return $"{(int)r.StatusCode} {body["type"]} {body["title"]} {body["detail"]} retry-after={r.Headers.RetryAfter}";
    }

    [Fact]
    public async Task AttackerFailures_DoNotLockOutOwnerWithTwoFactor()
    {
        var user = await app.CreateStaff();
        using var owner = await app.SignIn(user.Email!);
        var key = (await (await owner.PostAsync("/api/v1/auth/2fa/setup", null)).Body()).Str("sharedKey");
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync("/api/v1/auth/2fa/enable", new { code = Code(key) })).StatusCode);

        var attacker = NewPeer();
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginFrom(attacker, user.Email!, $"Wrong-Password-{i}")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await LoginFrom(attacker, user.Email!, "Wrong-Password-x")).StatusCode);
        Assert.Null(await app.Db(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.LockoutEnd).SingleAsync()));

        var home = NewPeer();
        // The password alone waits, like anyone's guess...
        Assert.Equal(HttpStatusCode.TooManyRequests, (await LoginFrom(home, user.Email!, GhiseuFactory.Password)).StatusCode);
        // ...a wrong code with it too...
        var wrongCode = Code(key, 1) == "000000" ? "111111" : "000000";
        Assert.Equal(HttpStatusCode.TooManyRequests, (await LoginFrom(home, user.Email!, GhiseuFactory.Password, wrongCode)).StatusCode);
        // ...but password and a valid code get the owner in, and clear the account's count.
        var inside = await LoginFrom(home, user.Email!, GhiseuFactory.Password, Code(key, 1));
        Assert.Equal(HttpStatusCode.OK, inside.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace((await inside.Body()).Str("accessToken")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginFrom(NewPeer(), user.Email!, "Wrong-Password-y")).StatusCode);
    }

    [Fact]
    public async Task WithoutTwoFactor_RightPasswordWaitsToo()
    {
        var user = await app.CreateStaff();
        var attacker = NewPeer();
        for (var i = 0; i < 5; i++) await LoginFrom(attacker, user.Email!, $"Wrong-Password-{i}");
        var owner = await LoginFrom(NewPeer(), user.Email!, GhiseuFactory.Password, "123456");
        Assert.Equal(HttpStatusCode.TooManyRequests, owner.StatusCode);
        Assert.Null(await app.Db(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.LockoutEnd).SingleAsync()));
    }

    [Fact]
    public async Task UnknownAndKnownAccounts_AnswerIdentically()
    {
        var known = (await app.CreateStaff()).Email!;
        var unknown = $"nobody.{Guid.NewGuid():N}@test.ghiseu.ro";
        var (fromKnown, fromUnknown) = (NewPeer(), NewPeer());
        for (var i = 0; i < 7; i++)
        {
            var a = await Answer(await LoginFrom(fromKnown, known, $"Wrong-Password-{i}"));
            var b = await Answer(await LoginFrom(fromUnknown, unknown, $"Wrong-Password-{i}"));
            Assert.Equal(a, b);
            Assert.StartsWith(i < 5 ? "401 " : "429 ", a, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UnknownAccount_ThrottledAcrossAddresses_WithRetryAfter()
    {
        var unknown = $"nobody.{Guid.NewGuid():N}@test.ghiseu.ro";
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginFrom(NewPeer(), unknown, $"Wrong-Password-{i}")).StatusCode);
        var refused = await LoginFrom(NewPeer(), unknown.ToUpperInvariant(), "Wrong-Password-x");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("/sign-in-throttled", (await refused.Body()).Str("type"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneAddress_ThrottledAcrossNames()
    {
        var peer = NewPeer();
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginFrom(peer, $"n{i}.{Guid.NewGuid():N}@test.ghiseu.ro", "Wrong-Password-1")).StatusCode);
        var next = await LoginFrom(peer, (await app.CreateStaff()).Email!, GhiseuFactory.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, next.StatusCode);
        Assert.NotNull(next.Headers.RetryAfter);
    }

    [Fact]
    public async Task Counters_AreKeptInTheDatabase()
    {
        var user = await app.CreateStaff();
        var peer = NewPeer();
        for (var i = 0; i < 6; i++) await LoginFrom(peer, user.Email!, $"Wrong-Password-{i}");
        var key = LoginTests.AccountKey(user.Email!);
        var rows = await app.Db(db => db.SignInFailures.Where(f => (f.Kind == "account" && f.Key == key) || (f.Kind == "address" && f.Key == peer)).ToListAsync());
        Assert.Equal(2, rows.Count);
        // The sixth attempt was refused unchecked and not counted.
        Assert.All(rows, r => Assert.Equal(5, r.Failures));
        Assert.All(rows, r => Assert.Equal(r.LastFailureAt.AddSeconds(2), r.BlockedUntil));
        Assert.DoesNotContain(user.Email!, string.Join(" ", rows.Select(r => r.Key)), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ParallelGuesses_AtANewName_AreAllCounted()
    {
        // Many nodes or requests failing at once for a name never seen: one makes the row, the rest count on it.
        var name = $"nobody-{Guid.NewGuid():N}@example.org";
        var throttle = app.Services.GetRequiredService<SignInThrottle>();
        var peers = Enumerable.Range(0, 12).Select(_ => IPAddress.Parse(NewPeer())).ToList();
        await Task.WhenAll(peers.Select(p => Task.Run(() => throttle.FailedAsync(name, p, CancellationToken.None))));
        var key = LoginTests.AccountKey(name);
        var row = await app.Db(db => db.SignInFailures.SingleAsync(f => f.Kind == "account" && f.Key == key));
        Assert.Equal(12, row.Failures);
        Assert.NotNull(row.BlockedUntil);
    }

    [Theory]
    [InlineData("en", "Too many failed sign-ins for this account or from this address. Try again in 2 seconds.")]
    [InlineData("ro", "Prea multe autentificări eșuate pentru acest cont sau de la această adresă. Încercați din nou peste 2 secunde.")]
    public async Task DeskSignIn_Throttled_SaysHowLongToWait(string language, string message)
    {
        var unknown = $"nobody.{Guid.NewGuid():N}@test.ghiseu.ro";
        var peer = NewPeer();
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Test-Peer", peer);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        HttpResponseMessage last = default!;
        for (var i = 0; i < 6; i++)
        {
            var page = await client.GetStringAsync("/desk/signin");
            var token = Regex.Match(page, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
            last = await client.PostAsync("/desk/signin", new FormUrlEncodedContent([
                new("_handler", "signin"), new("__RequestVerificationToken", token), new("step", "password"),
                new("email", unknown), new("password", $"Wrong-Password-{i}")]));
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, last.StatusCode);
        Assert.NotNull(last.Headers.RetryAfter);
        Assert.Contains(message, WebUtility.HtmlDecode(await last.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }
}
