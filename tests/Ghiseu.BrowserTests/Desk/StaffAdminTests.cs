using System.Text.RegularExpressions;
using Ghiseu.BrowserTests.Infrastructure;
using Ghiseu.Features.Identity;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ghiseu.BrowserTests.Desk;

[Collection(PortalCollection.Name)]
public class StaffAdminTests(PortalHost host)
{
    [Fact]
    public async Task StaffAdmin_CreateAgentSignInWithTemporaryPasswordThenDeactivate_ThroughThePages()
    {
        var admin = await host.CreateStaffAsync("PAR", role: Roles.SystemAdmin);
        await using var screen = await host.ScreenAsync();
        var page = screen.Page;
        await DeskSession.SignInAsync(page, admin.Email!);
        await page.GetByRole(AriaRole.Link, new() { Name = "Staff", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Staff");

        await page.GetByRole(AriaRole.Button, new() { Name = "New staff member" }).ClickAsync();
        await Expect(page.Locator("#staff-editor-title")).ToBeFocusedAsync();
        var email = $"agent.{Guid.NewGuid():N}"[..20] + "@test.ghiseu.ro";
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Agent Nou Paris");
        await page.GetByLabel("Time zone (IANA, e.g. Europe/Paris)").FillAsync("Europe/Paris");
        await page.GetByLabel("Unit to add").SelectOptionAsync("PAR");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add unit" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Remove PAR" })).ToBeVisibleAsync();
        var problems = new List<string>();
        await Check(page, "editor", problems);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        var temporary = (await page.Locator("#temp-password-value").TextContentAsync())!.Trim();
        Assert.Matches("^[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}$", temporary);
        var row = page.Locator("#staff-list tr", new() { HasText = email });
        await Expect(row).ToContainTextAsync("PAR");

        await using (var second = await host.ScreenAsync())
        {
            var agent = second.Page;
            await agent.GotoAsync("/desk/signin");
            await agent.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
            await agent.GetByLabel("Password", new() { Exact = true }).FillAsync(temporary);
            await agent.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(agent.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Choose a new password");
            await agent.GotoAsync("/desk");
            await Expect(agent).ToHaveURLAsync(new Regex("/desk/password"));
            await agent.GetByLabel("Current password").FillAsync(temporary);
            await agent.GetByLabel("New password (at least 10 characters)").FillAsync("Parola-Agentului-2026");
            await agent.GetByLabel("New password again").FillAsync("Parola-Agentului-2026");
            await agent.GetByRole(AriaRole.Button, new() { Name = "Save the password" }).ClickAsync();
            await agent.GetByRole(AriaRole.Link, new() { Name = "Later" }).ClickAsync();
            await Expect(agent.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("All I can see");

            await row.GetByRole(AriaRole.Button).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Deactivate" }).ClickAsync();
            await Expect(page.Locator("#admin-result")).ToContainTextAsync("Account deactivated");
            await Expect(row).ToContainTextAsync("Deactivated");

            await agent.GotoAsync("/desk");
            await Expect(agent).ToHaveURLAsync(new Regex("/desk/signin"));
        }

        await page.SetViewportSizeAsync(800, 1100);
        await page.GotoAsync("/desk/admin/staff");
        await page.Locator("#staff-list").WaitForAsync();
        await Check(page, "list (tablet)", problems);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Empty(screen.ConsoleErrors);
    }

    [Fact]
    public async Task StaffAdmin_Agent_NoLinkAndRefused()
    {
        var agent = await host.CreateStaffAsync("PAR");
        await using var screen = await host.ScreenAsync();
        await DeskSession.SignInAsync(screen.Page, agent.Email!);
        await Expect(screen.Page.GetByRole(AriaRole.Link, new() { Name = "Staff", Exact = true })).ToHaveCountAsync(0);
        await screen.Page.EvaluateAsync("() => Blazor.navigateTo('/desk/admin/staff')");
        await Expect(screen.Page.Locator("#not-allowed")).ToBeVisibleAsync();
        await Expect(screen.Page.Locator("#staff-list")).ToHaveCountAsync(0);
    }

    private static async Task Check(IPage page, string where, List<string> problems)
    {
        foreach (var v in await Axe.SeriousViolationsAsync(page)) problems.Add($"{where}: {v}");
        if (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"))
            problems.Add($"{where}: wider than the screen " + await page.EvaluateAsync<string>("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className + ':' + Math.round(e.getBoundingClientRect().right)).join(' ')"));
    }
}
