using System.Net.Http.Headers;
using System.Net.Http.Json;
using Ghiseu.Features.Identity;
using Ghiseu.Features.Units;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Ghiseu.Tests.Infrastructure;

/// <summary>Staff members of a test's own, so tests that lock, enrol or disable accounts leave the demo staff usable.</summary>
public static class StaffAccounts
{
    public static async Task<StaffUser> CreateStaff(this GhiseuFactory app, string role = Roles.Agent, string unit = "PAR", bool active = true)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var units = await scope.ServiceProvider.GetRequiredService<UnitDirectory>().GetAsync();
        var email = $"staff.{Guid.NewGuid():N}@test.ghiseu.ro";
        var user = new StaffUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Test Staff", Active = active };
        user.Grants.Add(new UnitGrant { UserId = user.Id, UnitId = units.ByCode[unit].Id });
        Check(await users.CreateAsync(user, GhiseuFactory.Password));
        Check(await users.AddToRoleAsync(user, role));
        return user;
    }

    public static async Task<HttpResponseMessage> Login(this GhiseuFactory app, string email, string password = GhiseuFactory.Password,
        string? totpCode = null, string? recoveryCode = null)
    {
        using var anon = app.CreateClient();
        return await anon.PostAsJsonAsync("/api/v1/auth/login", new { email, password, totpCode, recoveryCode });
    }

    /// <summary>Signs in and returns a client carrying the bearer token; fails the test when sign-in fails.</summary>
    public static async Task<HttpClient> SignIn(this GhiseuFactory app, string email)
    {
        var response = await app.Login(email);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return app.WithToken((await response.Body()).Str("accessToken"));
    }

    public static HttpClient WithToken(this GhiseuFactory app, string token)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static void Check(IdentityResult result) =>
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
}
