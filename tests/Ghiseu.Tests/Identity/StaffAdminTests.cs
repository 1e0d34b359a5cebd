using System.Net;
using System.Net.Http.Json;
using Ghiseu.Features.Identity;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Identity;

/// <summary>Creating accounts, what a unit administrator may do, and the checks of every field.</summary>
[Collection(ApiCollection.Name)]
public class StaffAdminTests(GhiseuFactory app)
{
    [Fact]
    public async Task Create_SignInWithTemporaryPassword_MustChangeItBeforeAnythingElse()
    {
        using var admin = await app.Admin();
        var email = StaffHelpers.NewEmail();
        var created = await admin.CreateAccount(email: email);
        var temporary = created.Str("temporaryPassword");
        Assert.True(temporary.Length >= 16);
        Assert.True(created["staff"]!["mustChangePassword"]!.GetValue<bool>());
        Assert.Equal("PAR", created["staff"]!["grants"]![0]!.Str("unit"));

        var login = await app.Login(email, temporary);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        using var client = app.WithToken((await login.Body()).Str("accessToken"));
        var refused = await client.GetAsync("/api/v1/cases");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.EndsWith("/password-change-required", await refused.ProblemType());
        Assert.True((await (await client.GetAsync("/api/v1/auth/me")).Body())["mustChangePassword"]!.GetValue<bool>());

        var wrong = await client.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = "not-it-at-all", newPassword = "Another-Password-77" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var change = await client.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = temporary, newPassword = "Another-Password-77" });
        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/auth/me")).StatusCode); // every old token ends

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Login(email, temporary)).StatusCode);
        var again = await app.Login(email, "Another-Password-77");
        using var fresh = app.WithToken((await again.Body()).Str("accessToken"));
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/v1/cases")).StatusCode);
    }

    [Fact]
    public async Task UnitAdminOfParis_MadridStaff_NeitherSeenNorChangedNorGranted()
    {
        var parisAdmin = await app.CreateStaff(Roles.UnitAdmin, "PAR");
        using var client = await app.SignIn(parisAdmin.Email!);
        var madrid = await app.Db(db => db.Users.Where(u => u.Email == Staff.Madrid).Select(u => u.Id).SingleAsync());
        var admin = await app.Db(db => db.Users.Where(u => u.Email == Staff.Admin).Select(u => u.Id).SingleAsync());

        var list = (await (await client.GetAsync("/api/v1/staff?limit=200")).Body())["items"]!.AsArray();
        Assert.Contains(list, s => s!.Str("email") == Staff.Paris);
        Assert.DoesNotContain(list, s => s!.Str("email") is Staff.Madrid or Staff.Admin or Staff.Supervisor);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/staff/{madrid}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PatchAsJsonAsync($"/api/v1/staff/{madrid}", new { displayName = "X" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/v1/staff/{madrid}/deactivate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/v1/staff/{admin}/reset-password", null)).StatusCode);

        var grantMadrid = await client.PostAsJsonAsync("/api/v1/staff", new
        {
            email = StaffHelpers.NewEmail(), displayName = "Agent", roles = new[] { "Agent" }, grants = new[] { new { unit = "MAD" } },
        });
        Assert.Equal(HttpStatusCode.Forbidden, grantMadrid.StatusCode);
        Assert.EndsWith("/forbidden-unit", await grantMadrid.ProblemType());
        var giveSystemAdmin = await client.PostAsJsonAsync("/api/v1/staff", new
        {
            email = StaffHelpers.NewEmail(), displayName = "Agent", roles = new[] { "SystemAdmin" }, grants = new[] { new { unit = "PAR" } },
        });
        Assert.Equal(HttpStatusCode.Forbidden, giveSystemAdmin.StatusCode);
        Assert.EndsWith("/forbidden-role", await giveSystemAdmin.ProblemType());

        var mine = (await client.CreateAccount("PAR"))["staff"]!.Str("id");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PatchAsJsonAsync($"/api/v1/staff/{mine}", new { grants = new[] { new { unit = "MAD" } } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PatchAsJsonAsync($"/api/v1/staff/{mine}", new { roles = new[] { "Agent", "SystemAdmin" } })).StatusCode);
        var supervisor = await client.PatchAsJsonAsync($"/api/v1/staff/{mine}", new { roles = new[] { "Supervisor" } });
        Assert.Equal(HttpStatusCode.OK, supervisor.StatusCode);
        Assert.Equal("Supervisor", (await supervisor.Body())["roles"]![0]!.GetValue<string>());
        var none = await app.Db(db => db.UserRoles.CountAsync(r => r.UserId == Guid.Parse(mine)));
        Assert.Equal(1, none);
    }

    [Fact]
    public async Task Staff_Agent_Gets403()
    {
        using var agent = await app.Paris();
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/staff")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/v1/staff", new { email = StaffHelpers.NewEmail() })).StatusCode);
    }

    [Fact]
    public async Task Create_InvalidFields_ProblemNamesEachField()
    {
        using var admin = await app.Admin();
        var response = await admin.PostAsJsonAsync("/api/v1/staff", new
        {
            email = "not an email", displayName = "Nume", language = "fr", timeZone = "Mars/Olympus",
            roles = new[] { "Wizard" }, grants = new[] { new { unit = "NOWHERE" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Body())["errors"]!.AsObject();
        foreach (var field in new[] { "email", "language", "timeZone", "roles", "grants" }) Assert.True(errors.ContainsKey(field), field);

        var duplicate = await admin.PostAsJsonAsync("/api/v1/staff", new { email = Staff.Paris, displayName = "Dublură", roles = new[] { "Agent" }, grants = new[] { new { unit = "PAR" } } });
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.True((await duplicate.Body())["errors"]!.AsObject().ContainsKey("email"));

        using var ro = await app.Admin();
        ro.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ro");
        var romanian = await ro.PostAsJsonAsync("/api/v1/staff", new { email = StaffHelpers.NewEmail(), displayName = "X", timeZone = "Windows/Nope", roles = new[] { "Agent" } });
        Assert.Contains("Fus orar necunoscut", (await romanian.Body())["errors"]!["timeZone"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task List_FiltersAndPages_ByName()
    {
        using var admin = await app.Admin();
        var marker = Guid.NewGuid().ToString("N")[..10];
        for (var i = 0; i < 3; i++)
            await admin.PostAsJsonAsync("/api/v1/staff", new { email = $"{marker}.{i}@test.ghiseu.ro", displayName = $"Zoe {marker} {i}", roles = new[] { "Auditor" }, grants = new[] { new { unit = "MAD" } } });
        var first = await (await admin.GetAsync($"/api/v1/staff?q={marker}&role=auditor&unit=MAD&active=true&limit=2")).Body();
        Assert.Equal([$"Zoe {marker} 0", $"Zoe {marker} 1"], first["items"]!.AsArray().Select(s => s!.Str("displayName")));
        var second = await (await admin.GetAsync($"/api/v1/staff?q={marker}&limit=2&cursor={first.Str("nextCursor")}")).Body();
        Assert.Equal([$"Zoe {marker} 2"], second["items"]!.AsArray().Select(s => s!.Str("displayName")));
        Assert.Null(second["nextCursor"]);
        Assert.Empty((await (await admin.GetAsync($"/api/v1/staff?q={marker}&unit=PAR")).Body())["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/v1/staff?role=Wizard")).StatusCode);
    }
    [Fact]
    public async Task UnitAdminOfTheMinistry_ManagesStaffBelowIt_NotTheCityHall()
    {
        var ministryAdmin = await app.CreateStaff(Roles.UnitAdmin, "MAE");
        using var client = await app.SignIn(ministryAdmin.Email!);
        var list = (await (await client.GetAsync("/api/v1/staff?limit=200")).Body())["items"]!.AsArray();
        Assert.Contains(list, s => s!.Str("email") is Staff.Paris);
        Assert.Contains(list, s => s!.Str("email") is Staff.Madrid);
        Assert.Contains(list, s => s!.Str("email") is Staff.Supervisor);
        Assert.DoesNotContain(list, s => s!.Str("email") is Staff.Dispatcher or Staff.Auditor or Staff.Admin); // ABA is outside MAE

        var parisAdmin = await app.CreateStaff(Roles.UnitAdmin, "PAR");
        using var paris = await app.SignIn(parisAdmin.Email!);
        var wide = await paris.PostAsJsonAsync("/api/v1/staff", new
        {
            email = StaffHelpers.NewEmail(), displayName = "Agent", roles = new[] { "Agent" }, grants = new[] { new { unit = "MAE", includeSubtree = false } },
        });
        Assert.Equal(HttpStatusCode.Forbidden, wide.StatusCode);
    }
}
