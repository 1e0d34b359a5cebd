using Ghiseu.BrowserTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Ghiseu.BrowserTests.Desk;

/// <summary>axe-core on the desk's pages at 1280 × 800 and at tablet width: no serious or critical WCAG 2.1 AA violation.</summary>
[Collection(PortalCollection.Name)]
public class DeskAccessibilityTests(PortalHost host)
{
    [Fact]
    public async Task DeskPages_Axe_NoSeriousViolationsNoSidewaysScrolling()
    {
        var agent = await host.CreateStaffAsync("PAR");
        var (number, _) = await host.FileAsync($"ax.{Guid.NewGuid():N}@example.com");
        var id = await host.Db(db => db.Cases.Where(c => c.RegistrationNumber == number).Select(c => c.Id).FirstAsync());
        await using var screen = await host.ScreenAsync();
        var page = screen.Page;
        var problems = new List<string>();

        await page.GotoAsync("/desk/signin");
        await Check(page, "/desk/signin", problems);
        await DeskSession.SignInAsync(page, agent.Email!);
        await page.Locator("table.cases").WaitForAsync();
        await Check(page, "/desk", problems);
        await page.GotoAsync($"/desk/cases/{id}");
        await page.Locator("#case-number").WaitForAsync();
        await Check(page, "/desk/cases/{id}", problems);
        await page.GotoAsync("/desk/new");
        await page.Locator("#create-case").WaitForAsync();
        await Check(page, "/desk/new", problems);
        await page.GotoAsync("/desk/2fa");
        await Check(page, "/desk/2fa", problems);

        await page.SetViewportSizeAsync(800, 1100); // a tablet held upright
        await page.GotoAsync($"/desk/cases/{id}");
        await page.Locator("#case-number").WaitForAsync();
        await Check(page, "/desk/cases/{id} (tablet)", problems);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Empty(screen.ForeignRequests);
        Assert.Empty(screen.ConsoleErrors);
    }

    private static async Task Check(IPage page, string path, List<string> problems)
    {
        foreach (var v in await Axe.SeriousViolationsAsync(page)) problems.Add($"{path}: {v}");
        if (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"))
            problems.Add($"{path}: wider than the screen");
    }
}
