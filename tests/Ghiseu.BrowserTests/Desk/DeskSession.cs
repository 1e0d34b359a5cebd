using Ghiseu.BrowserTests.Infrastructure;
using Ghiseu.Features.Identity;
using Ghiseu.Features.Units;
using Ghiseu.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;
using static Microsoft.Playwright.Assertions;

namespace Ghiseu.BrowserTests.Desk;

/// <summary>Staff accounts of a test's own, and signing them in to the desk in a 1280-pixel browser.</summary>
public static class DeskSession
{
    public static async Task<StaffUser> CreateStaffAsync(this PortalHost host, string unit = "PAR", bool mustChangePassword = false, string role = Roles.Agent)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var units = await scope.ServiceProvider.GetRequiredService<UnitDirectory>().GetAsync();
        var email = $"desk.{Guid.NewGuid():N}@test.ghiseu.ro";
        var user = new StaffUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"Agent {email[5..11]}", MustChangePassword = mustChangePassword };
        user.Grants.Add(new UnitGrant { UserId = user.Id, UnitId = units.ByCode[unit].Id });
        Assert.True((await users.CreateAsync(user, GhiseuFactory.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return user;
    }

    /// <summary>Turns two-factor sign-in on for the account; returns its authenticator key.</summary>
    public static async Task<string> EnableTotpAsync(this PortalHost host, StaffUser user)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var fresh = (await users.FindByIdAsync(user.Id.ToString()))!;
        await users.ResetAuthenticatorKeyAsync(fresh);
        await users.SetTwoFactorEnabledAsync(fresh, true);
        return (await users.GetAuthenticatorKeyAsync(fresh))!;
    }

    public static string TotpNow(string key) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp();

    /// <summary>The code of the next 30-second step.</summary>
    public static string TotpNext(string key) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(DateTime.UtcNow.AddSeconds(30));

    /// <summary>Signs in with the password (and the TOTP code when a key is given) and waits for the inbox.</summary>
    public static async Task SignInAsync(IPage page, string email, string? totpKey = null)
    {
        await page.GotoAsync("/desk/signin");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(GhiseuFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        if (totpKey is not null)
        {
            await page.GetByLabel("Code from your authenticator app").FillAsync(TotpNow(totpKey));
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        }
        else
        {
            // Accounts without a second factor are offered enrolment after each sign-in.
            await page.GetByRole(AriaRole.Link, new() { Name = "Later" }).ClickAsync();
        }
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("All I can see");
    }
}
