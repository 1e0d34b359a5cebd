using Ghiseu.BrowserTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ghiseu.BrowserTests.Portal;

[Collection(PortalCollection.Name)]
public class LanguageAndKnowledgeTests(PortalHost host)
{
    [Fact]
    public async Task LanguageSwitch_ToRomanian_KeptOnTheNextPages()
    {
        await using var phone = await host.PhoneAsync("en");
        var page = phone.Page;
        await page.GotoAsync("/knowledge");
        await page.GetByRole(AriaRole.Link, new() { Name = "Română" }).ClickAsync();

        await Expect(page).ToHaveURLAsync($"{host.BaseUrl}/knowledge");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Răspunsuri la întrebări frecvente");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ro");
        await page.GotoAsync("/request");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Depune o cerere");
        await Expect(page.GetByLabel("Cărei instituții îi adresați cererea?")).ToBeVisibleAsync();
    }

    [Theory]
    [InlineData("pasaport minori")]
    [InlineData("pașaport minori")]
    [InlineData("paşaport minori")]
    public async Task KnowledgeSearch_WithOrWithoutDiacritics_FindsTheArticle(string query)
    {
        await using var phone = await host.PhoneAsync("ro");
        var page = phone.Page;
        await page.GotoAsync("/");
        await page.GetByLabel("Căutați în răspunsuri").FillAsync(query);
        await page.GetByRole(AriaRole.Button, new() { Name = "Caută" }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Pașaport pentru minori" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Pașaport pentru minori");
        await Expect(page.Locator("article strong")).ToHaveTextAsync("pașaportul unui minor");
        Assert.Empty(phone.ForeignRequests);
    }

    [Fact]
    public async Task Deflection_SuggestionWhileTypingSolvesIt_CountedOnce()
    {
        await using var phone = await host.PhoneAsync("en");
        var page = phone.Page;
        var slug = "lost-your-passport-abroad";
        var before = await host.Db(db => db.Articles.Where(a => a.Slug == slug).Select(a => a.Deflections).FirstAsync());
        await page.GotoAsync("/request?unit=MAD&category=travel-document");
        await page.GetByLabel("Describe your request").PressSequentiallyAsync("I lost my passport abroad and fly home");

        var suggestion = page.Locator("#suggestions").GetByRole(AriaRole.Link, new() { Name = "Lost your passport abroad" });
        await Expect(suggestion).ToBeVisibleAsync();
        await Expect(suggestion).ToHaveAttributeAsync("target", "_blank");
        await page.GotoAsync((await suggestion.GetAttributeAsync("href"))!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, I no longer need to file a request" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("You do not need to file the request", new() { IgnoreCase = true });
        Assert.Equal(before + 1, await host.Db(db => db.Articles.Where(a => a.Slug == slug).Select(a => a.Deflections).FirstAsync()));
        Assert.Empty(phone.ForeignRequests);
        Assert.Empty(phone.ConsoleErrors);
    }

    [Fact]
    public async Task KnowledgeBrowse_ByUnitAndTopic_OnlyThatUnitsAnswers()
    {
        await using var phone = await host.PhoneAsync("en");
        var page = phone.Page;
        await page.GotoAsync("/knowledge");
        await page.GetByLabel("Office").SelectOptionAsync("ABA");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show the answers" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "How to report a pothole" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Passport for a minor" })).ToHaveCountAsync(0);

        await page.GotoAsync("/knowledge?unit=PAR&topic=passport");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Passport for a minor" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Lost your passport abroad" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ArticleFeedback_No_CountedAsNotHelpful()
    {
        await using var phone = await host.PhoneAsync("en");
        var page = phone.Page;
        var slug = "how-to-report-a-pothole";
        var before = await host.Db(db => db.Articles.Where(a => a.Slug == slug).Select(a => a.HelpfulNo).FirstAsync());
        await page.GotoAsync($"/knowledge/{slug}");
        await page.GetByRole(AriaRole.Button, new() { Name = "No", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Thank you for your feedback.");
        Assert.Equal(before + 1, await host.Db(db => db.Articles.Where(a => a.Slug == slug).Select(a => a.HelpfulNo).FirstAsync()));
    }
}
