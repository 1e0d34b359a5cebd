using Ghiseu.BrowserTests.Infrastructure;

namespace Ghiseu.BrowserTests.Portal;

/// <summary>axe-core on the main pages at phone size, in both languages: no serious or critical WCAG 2.1 AA violation, no sideways scrolling.</summary>
[Collection(PortalCollection.Name)]
public class AccessibilityTests(PortalHost host)
{
    [Theory]
    [InlineData("en")]
    [InlineData("ro")]
    public async Task MainPages_Axe_NoSeriousViolationsAndFitAPhone(string language)
    {
        var (number, code) = await host.FileAsync($"a11y.{Guid.NewGuid():N}@example.com");
        string[] paths =
        [
            "/", "/knowledge", "/knowledge?q=pasaport", "/knowledge/passport-for-a-minor", "/request", "/request?unit=PAR",
            "/request?unit=ABA&category=pothole", "/track", $"/track/{number}?code={code}", $"/request/done/{number}?code={code}", "/signin",
        ];
        await using var phone = await host.PhoneAsync(language);
        await phone.Page.GotoAsync($"/culture/{language}?returnUrl=/");
        var problems = new List<string>();
        foreach (var path in paths)
        {
            await phone.Page.GotoAsync(path);
            await Check(phone, path, problems);
        }
        // The form as it comes back with errors.
        await phone.Page.GotoAsync("/request?unit=PAR&category=passport");
        await phone.Page.Locator("button[type=submit]").ClickAsync();
        await Check(phone, "/request (errors)", problems);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Empty(phone.ForeignRequests);
        Assert.Empty(phone.ConsoleErrors);
    }

    private static async Task Check(PhonePage phone, string path, List<string> problems)
    {
        foreach (var v in await Axe.SeriousViolationsAsync(phone.Page)) problems.Add($"{path}: {v}");
        if (await phone.OverflowsAsync()) problems.Add($"{path}: wider than a 360 px screen");
        if (await phone.Page.Locator("h1").CountAsync() != 1) problems.Add($"{path}: not exactly one h1");
    }
}
