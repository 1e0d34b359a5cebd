using System.Net;
using System.Net.Http.Json;
using Ghiseu.Features.Identity;
using Ghiseu.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ghiseu.Tests.Identity;

/// <summary>A token outlives nothing it depends on: the account being active, its password, its 2FA key.</summary>
[Collection(ApiCollection.Name)]
public class SessionValidityTests(GhiseuFactory app)
{
    [Fact]
    public async Task Token_AfterAccountIsDeactivated_Gets401()
    {
        var user = await app.CreateStaff();
        using var client = await app.SignIn(user.Email!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/cases")).StatusCode);
        await app.Db(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Active, false)));
        using (var scope = app.Services.CreateScope()) scope.ServiceProvider.GetRequiredService<UnitScopeResolver>().Forget(user.Id);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/cases")).StatusCode);
    }

    [Fact]
    public async Task Token_AfterSecurityStampChanges_Gets401_NewTokenWorks()
    {
        var user = await app.CreateStaff();
        using var client = await app.SignIn(user.Email!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/auth/me")).StatusCode);
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            await users.UpdateSecurityStampAsync((await users.FindByIdAsync(user.Id.ToString()))!);
            scope.ServiceProvider.GetRequiredService<UnitScopeResolver>().Forget(user.Id); // as every stamp-changing action does
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/auth/me")).StatusCode);
        using var fresh = await app.SignIn(user.Email!);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task TwoFactorSetup_WhenAlreadyOn_Returns409AndKeepsTheKey()
    {
        var user = await app.CreateStaff();
        using var client = await app.SignIn(user.Email!);
        var key = (await (await client.PostAsync("/api/v1/auth/2fa/setup", null)).Body()).Str("sharedKey");
        var code = new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(key)).ComputeTotp();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/auth/2fa/enable", new { code })).StatusCode);
        var login = await app.Login(user.Email!, totpCode: new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UtcNow.AddSeconds(30)));
        using var again = app.WithToken((await login.Body()).Str("accessToken"));
        Assert.Equal(HttpStatusCode.Conflict, (await again.PostAsync("/api/v1/auth/2fa/setup", null)).StatusCode);
        var stored = await app.Db(db => db.UserTokens.Where(t => t.UserId == user.Id && t.Name == "AuthenticatorKey").Select(t => t.Value).SingleAsync());
        Assert.Equal(key, stored);
    }

    [Fact]
    public async Task CreateCitizen_KnownOnlyInAnotherUnit_RevealsNoDetails()
    {
        var madrid = await app.Madrid();
        var email = $"madrid.only.{Guid.NewGuid():N}@example.com";
        await madrid.CreateCase(unit: "MAD", citizen: new { name = "Madrid Person", email, cnp = "1800101221144" });
        var paris = await app.Paris();
        var response = await paris.PostAsJsonAsync("/api/v1/citizens", new { name = "Whoever", email });
        // Paris cannot see Madrid's citizen: it gets a record of its own, made of only what it sent.
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Body();
        Assert.Equal("Whoever", body.Str("name"));
        Assert.Null(body["cnp"]);
        Assert.DoesNotContain("1800101221144", body.ToJsonString(), StringComparison.Ordinal);
        var madridCitizen = await app.Db(db => db.Citizens.IgnoreQueryFilters().Where(c => c.Cnp == "1800101221144" && c.Name == "Madrid Person").Select(c => c.Id).FirstAsync());
        Assert.NotEqual(madridCitizen, body["id"]!.GetValue<Guid>());
    }
}
