using System.Text.RegularExpressions;
using Ghiseu.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ghiseu.BrowserTests.Portal;

[Collection(PortalCollection.Name)]
public partial class SignInTests(PortalHost host)
{
    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();

    [Fact]
    public async Task MyRequests_SignedInWithEmailedCode_ListsEveryRequestOfTheAddress()
    {
        var email = $"elena.{Guid.NewGuid():N}@example.com";
        var (first, _) = await host.FileAsync(email);
        var (second, _) = await host.FileAsync(email, "ABA", "parks");
        await using var phone = await host.PhoneAsync();
        var page = phone.Page;

        await page.GotoAsync("/my");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("See all your requests");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email.ToUpperInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "Email me a code" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("It is valid for 15 minutes.");

        await page.GetByLabel("Code from the email").FillAsync("000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The code is wrong or has expired.");

        var mail = await Wait.ForAsync(() => host.Smtp.Received.FirstOrDefault(m => m.To.Mailboxes.Any(a => a.Address == email) && (m.Subject ?? "").Contains("sign-in", StringComparison.OrdinalIgnoreCase)), "the sign-in code");
        var code = SixDigits().Match(mail.Subject ?? "").Value;
        await page.GetByLabel("Code from the email").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page).ToHaveURLAsync($"{host.BaseUrl}/my");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = first })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = second })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GotoAsync("/my");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("See all your requests");
    }

    [Fact]
    public async Task SignIn_CodeUsedOnce_SecondUseRefused()
    {
        var email = $"dan.{Guid.NewGuid():N}@example.com";
        await host.FileAsync(email);
        await using var phone = await host.PhoneAsync();
        var page = phone.Page;
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Email me a code" }).ClickAsync();
        var mail = await Wait.ForAsync(() => host.Smtp.Received.FirstOrDefault(m => m.To.Mailboxes.Any(a => a.Address == email) && (m.Subject ?? "").Contains("sign-in", StringComparison.OrdinalIgnoreCase)), "the sign-in code");
        var code = SixDigits().Match(mail.Subject ?? "").Value;
        await page.GetByLabel("Code from the email").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{host.BaseUrl}/my");

        await using var other = await host.PhoneAsync();
        await other.Page.GotoAsync("/signin");
        await other.Page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await other.Page.GetByRole(AriaRole.Button, new() { Name = "Email me a code" }).ClickAsync();
        await other.Page.GetByLabel("Code from the email").FillAsync(code);
        await other.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(other.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The code is wrong or has expired.");
    }
}
