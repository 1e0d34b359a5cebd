using System.Net;
using System.Net.Http.Json;
using Ghiseu.Tests.Infrastructure;
using OtpNet;

namespace Ghiseu.Tests.Identity;

/// <summary>
/// TOTP enrolment and sign-in. A code is accepted once (the last time step is remembered), so a test that
/// signs in after enabling computes the code of the next 30-second step; the server accepts one step either side.
/// </summary>
[Collection(ApiCollection.Name)]
public class TwoFactorTests(GhiseuFactory app)
{
    private static string Code(string key, int stepsAhead = 0) =>
        new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UtcNow.AddSeconds(30 * stepsAhead));

    private sealed record Enrolled(string Email, string Key, List<string> RecoveryCodes);

    private async Task<Enrolled> EnrollAsync()
    {
        var user = await app.CreateStaff();
        using var client = await app.SignIn(user.Email!);
        var key = (await (await client.PostAsync("/api/v1/auth/2fa/setup", null)).Body()).Str("sharedKey");
        var enable = await client.PostAsJsonAsync("/api/v1/auth/2fa/enable", new { code = Code(key) });
        Assert.Equal(HttpStatusCode.OK, enable.StatusCode);
        var codes = (await enable.Body())["codes"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        return new Enrolled(user.Email!, key, codes);
    }

    [Fact]
    public async Task Setup_SignedIn_ReturnsSharedKeyAndOtpauthUri()
    {
        var user = await app.CreateStaff();
        using var client = await app.SignIn(user.Email!);
        var response = await client.PostAsync("/api/v1/auth/2fa/setup", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Body();
        var key = body.Str("sharedKey");
        Assert.True(Base32Encoding.ToBytes(key).Length >= 10, key);
        var uri = new Uri(body.Str("authenticatorUri"));
        Assert.Equal("otpauth", uri.Scheme);
        Assert.Equal("totp", uri.Host);
        Assert.Contains($"secret={key}", uri.Query, StringComparison.Ordinal);
        Assert.Contains("issuer=Ghiseu", uri.Query, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString(user.Email!), uri.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enable_WrongCode_Returns400AndLeavesTwoFactorOff()
    {
        var user = await app.CreateStaff();
        using var client = await app.SignIn(user.Email!);
        var key = (await (await client.PostAsync("/api/v1/auth/2fa/setup", null)).Body()).Str("sharedKey");
        var right = Code(key);
        var wrong = right == "123456" ? "654321" : "123456";
        var response = await client.PostAsJsonAsync("/api/v1/auth/2fa/enable", new { code = wrong });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull((await response.Body())["errors"]!["code"]);
        var me = await (await client.GetAsync("/api/v1/auth/me")).Body();
        Assert.False(me["twoFactorEnabled"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, (await app.Login(user.Email!)).StatusCode);
    }

    [Fact]
    public async Task Enable_RightCode_ReturnsTenRecoveryCodesAndRequiresCodeAtLogin()
    {
        var e = await EnrollAsync();
        Assert.Equal(10, e.RecoveryCodes.Count);
        Assert.Equal(10, e.RecoveryCodes.Distinct().Count());
        var withoutCode = await app.Login(e.Email);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutCode.StatusCode);
        Assert.EndsWith("/totp-required", (await withoutCode.Body()).Str("type"), StringComparison.Ordinal);
        Assert.DoesNotContain("accessToken", await withoutCode.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_ValidCode_ReturnsTokenOnceAndRefusesReplay()
    {
        var e = await EnrollAsync();
        var code = Code(e.Key, stepsAhead: 1);
        var first = await app.Login(e.Email, totpCode: code);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var client = app.WithToken((await first.Body()).Str("accessToken"));
        Assert.True((await (await client.GetAsync("/api/v1/auth/me")).Body())["twoFactorEnabled"]!.GetValue<bool>());
        var replay = await app.Login(e.Email, totpCode: code);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.DoesNotContain("accessToken", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WrongPasswordWithValidCode_Returns401()
    {
        var e = await EnrollAsync();
        var response = await app.Login(e.Email, "Wrong-Password-123", totpCode: Code(e.Key, stepsAhead: 1));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        // The code was not spent on the failed attempt.
        Assert.Equal(HttpStatusCode.OK, (await app.Login(e.Email, totpCode: Code(e.Key, stepsAhead: 1))).StatusCode);
    }

    [Fact]
    public async Task Login_SameCodeConcurrently_AcceptedOnce()
    {
        var e = await EnrollAsync();
        var code = Code(e.Key, stepsAhead: 1);
        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => app.Login(e.Email, totpCode: code)));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Unauthorized], responses.Select(r => r.StatusCode).Order());
    }

    [Fact]
    public async Task Login_FiveWrongCodes_CountedButTheRightCodeStillGetsIn()
    {
        var e = await EnrollAsync();
        var valid = Enumerable.Range(-1, 4).Select(step => Code(e.Key, step)).ToHashSet();
        var wrong = Enumerable.Range(100000, 20).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Where(c => !valid.Contains(c)).Take(5).ToList();
        foreach (var code in wrong)
            Assert.Equal(HttpStatusCode.Unauthorized, (await app.Login(e.Email, totpCode: code)).StatusCode);
        // Password and a valid code pass the account's wait; Identity's lockout is off.
        Assert.Equal(HttpStatusCode.OK, (await app.Login(e.Email, totpCode: Code(e.Key, stepsAhead: 1))).StatusCode);
    }

    [Fact]
    public async Task Login_RecoveryCode_WorksOnceOnly()
    {
        var e = await EnrollAsync();
        var recovery = e.RecoveryCodes[3];
        var first = await app.Login(e.Email, recoveryCode: recovery);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace((await first.Body()).Str("accessToken")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Login(e.Email, recoveryCode: recovery)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Login(e.Email, recoveryCode: e.RecoveryCodes[4])).StatusCode);
    }
}
