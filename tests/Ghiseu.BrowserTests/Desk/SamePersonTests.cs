using Ghiseu.BrowserTests.Infrastructure;
using Ghiseu.Features.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ghiseu.BrowserTests.Desk;

[Collection(PortalCollection.Name)]
public class SamePersonTests(PortalHost host)
{
    [Fact]
    public async Task Supervisor_OnAPhone_SeesPossibleSamePerson_ConfirmsAndTheCaseJoinsTheOlderRecord()
    {
        var boss = await host.CreateStaffAsync("PAR", role: Roles.Supervisor);
        var email = $"same.{Guid.NewGuid():N}@example.com";
        var (older, _) = await host.FileAsync(email);
        var (newer, _) = await host.FileAsync(email);
        var olderCitizen = await host.Db(db => db.Cases.Where(c => c.RegistrationNumber == older).Select(c => c.CitizenId).FirstAsync());
        var id = await host.Db(db => db.Cases.Where(c => c.RegistrationNumber == newer).Select(c => c.Id).FirstAsync());
        await using var screen = await host.ScreenAsync();
        var page = screen.Page;
        await DeskSession.SignInAsync(page, boss.Email!);
        await page.SetViewportSizeAsync(390, 844);

        await page.GotoAsync($"/desk/cases/{id}");
        var panel = page.GetByRole(AriaRole.Region, new() { Name = "Possible same person" });
        await Expect(panel).ToContainTextAsync($"same email {email}");
        await Expect(panel).ToContainTextAsync("Ion Popescu · 1 case(s) you can see");
        Assert.Empty(await Axe.SeriousViolationsAsync(page));
        Assert.False(await screen.OverflowsAsync(), "the case page is wider than the phone");

        await panel.GetByRole(AriaRole.Button, new() { Name = "Same person: Ion Popescu", Exact = true }).ClickAsync();

        await Expect(page.Locator("#action-result")).ToHaveTextAsync("Merged: the two records are one citizen now.");
        await Expect(panel).ToHaveCountAsync(0);
        await Expect(page.Locator(".their-cases")).ToContainTextAsync(older);
        Assert.Equal(olderCitizen, await host.Db(db => db.Cases.Where(c => c.Id == id).Select(c => c.CitizenId).FirstAsync()));
        Assert.Empty(screen.ConsoleErrors);
    }
}
