using System.Net;
using System.Net.Http.Json;
using Ghiseu.Features.Identity;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Identity;

/// <summary>What an administrator's change does to the person's sessions, tokens and scope, and what it leaves in the audit trail.</summary>
[Collection(ApiCollection.Name)]
public class StaffAccessTests(GhiseuFactory app)
{
    [Fact]
    public async Task Deactivate_TokenAndPersonalTokenStop_SignInRefused_ReactivateRestores()
    {
        var user = await app.CreateStaff();
        using var session = await app.SignIn(user.Email!);
        using var pat = app.WithToken(await session.IssueToken());
        Assert.Equal(HttpStatusCode.OK, (await pat.GetAsync("/api/v1/cases")).StatusCode);
        using var admin = await app.Admin();

        var off = await admin.PostAsync($"/api/v1/staff/{user.Id}/deactivate", null);
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        Assert.False((await off.Body())["active"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/v1/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await pat.GetAsync("/api/v1/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Login(user.Email!)).StatusCode);
        var inactive = (await (await admin.GetAsync("/api/v1/staff?active=false&limit=200")).Body())["items"]!.AsArray();
        Assert.Contains(inactive, s => s!.Str("id") == user.Id.ToString());

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/staff/{user.Id}/reactivate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await pat.GetAsync("/api/v1/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Login(user.Email!)).StatusCode);
        var audit = await app.Db(db => db.AuditEntries.Where(a => a.EntityType == "StaffUser" && a.EntityId == user.Id.ToString() && a.Action == "update").Select(a => a.Details).ToListAsync());
        Assert.Contains(audit, d => d!.Contains("\"active\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Grants_Changed_NextRequestSeesTheNewUnits_SessionsEnd()
    {
        using var admin = await app.Admin();
        var paris = (await admin.CreateCase(unit: "PAR")).Str("id");
        var madrid = (await admin.CreateCase(unit: "MAD")).Str("id");
        var user = await app.CreateStaff(Roles.Agent, "PAR");
        using var session = await app.SignIn(user.Email!);
        using var pat = app.WithToken(await session.IssueToken());
        Assert.Equal(HttpStatusCode.OK, (await pat.GetAsync($"/api/v1/cases/{paris}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await pat.GetAsync($"/api/v1/cases/{madrid}")).StatusCode);

        var patch = await admin.PatchAsJsonAsync($"/api/v1/staff/{user.Id}", new { grants = new[] { new { unit = "MAD", includeSubtree = false } } });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await pat.GetAsync($"/api/v1/cases/{paris}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await pat.GetAsync($"/api/v1/cases/{madrid}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/v1/auth/me")).StatusCode);
        var audit = await app.Db(db => db.AuditEntries.Where(a => a.EntityType == "UnitGrant" && a.Details!.Contains(user.Id.ToString())).CountAsync());
        Assert.True(audit >= 2, $"grant changes audited: {audit}");
    }

    [Fact]
    public async Task ResetPassword_OldPasswordFails_TemporaryOneMustBeChanged_NothingSecretAudited()
    {
        var user = await app.CreateStaff();
        using var admin = await app.Admin();
        var reset = await admin.PostAsync($"/api/v1/staff/{user.Id}/reset-password", null);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var temporary = (await reset.Body()).Str("temporaryPassword");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Login(user.Email!)).StatusCode);
        var login = await app.Login(user.Email!, temporary);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        using var client = app.WithToken((await login.Body()).Str("accessToken"));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/cases")).StatusCode);
        var details = await app.Db(db => db.AuditEntries.Where(a => a.EntityId == user.Id.ToString()).Select(a => a.Action + " " + a.Details).ToListAsync());
        Assert.Contains(details, d => d.StartsWith("staff-reset-password", StringComparison.Ordinal));
        Assert.DoesNotContain(details, d => d.Contains(temporary, StringComparison.Ordinal) || d.Contains("passwordHash", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ResetTwoFactor_PasswordAloneSignsInAgain()
    {
        var user = await app.CreateStaff();
        using (var client = await app.SignIn(user.Email!))
        {
            var key = (await (await client.PostAsync("/api/v1/auth/2fa/setup", null)).Body()).Str("sharedKey");
            var code = new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(key)).ComputeTotp();
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/auth/2fa/enable", new { code })).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Login(user.Email!)).StatusCode);
        using var admin = await app.Admin();
        var reset = await admin.PostAsync($"/api/v1/staff/{user.Id}/reset-2fa", null);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.False((await reset.Body())["twoFactorEnabled"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, (await app.Login(user.Email!)).StatusCode);
        Assert.Equal(0, await app.Db(db => db.UserTokens.CountAsync(t => t.UserId == user.Id)));
    }

    [Fact]
    public async Task SystemAdmin_CannotDeactivateOrDemoteThemselves_MayDeactivateAnotherAdmin()
    {
        var me = await app.CreateStaff(Roles.SystemAdmin);
        var other = await app.CreateStaff(Roles.SystemAdmin);
        using var client = await app.SignIn(me.Email!);
        var self = await client.PostAsync($"/api/v1/staff/{me.Id}/deactivate", null);
        Assert.Equal(HttpStatusCode.Conflict, self.StatusCode);
        Assert.EndsWith("/self", await self.ProblemType());
        var demote = await client.PatchAsJsonAsync($"/api/v1/staff/{me.Id}", new { roles = new[] { "Agent" } });
        Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/staff/{other.Id}/deactivate", null)).StatusCode);
    }
}
