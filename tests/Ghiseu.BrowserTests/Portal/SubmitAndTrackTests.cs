using System.Text.RegularExpressions;
using Ghiseu.BrowserTests.Infrastructure;
using Ghiseu.Tests.Attachments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ghiseu.BrowserTests.Portal;

[Collection(PortalCollection.Name)]
public class SubmitAndTrackTests(PortalHost host)
{
    [Fact]
    public async Task FileRequest_WithPdfOnPhone_NumberShownMailedAndTextedThenReplyAndRate()
    {
        await using var phone = await host.PhoneAsync();
        var page = phone.Page;
        var email = $"maria.{Guid.NewGuid():N}@example.com";

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Heading, new() { Name = "File a request" }).GetByRole(AriaRole.Link).ClickAsync();
        await page.GetByLabel("Which office is your request for?").SelectOptionAsync("PAR");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.GetByLabel("Civil status transcription").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Expect(page.GetByText("Up to 10 files, each at most 20 MB")).ToBeVisibleAsync();
        await page.GetByLabel("Describe your request").FillAsync("Please transcribe my daughter's French birth certificate.");
        await page.GetByLabel("Certificate *").SelectOptionAsync("naștere");
        await page.Locator("#f-files").SetInputFilesAsync(new FilePayload { Name = "certificat.pdf", MimeType = "application/pdf", Buffer = TestFiles.Pdf("birth") });
        await page.GetByLabel("Full name").FillAsync("Maria Ionescu");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Mobile phone").FillAsync("+33 6 12 34 56 78");
        await page.GetByLabel("I agree that my personal data").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the request" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your request has been registered" })).ToBeVisibleAsync();
        var number = (await page.Locator("#registration-number").TextContentAsync())!.Trim();
        var code = (await page.Locator("#tracking-code").TextContentAsync())!.Trim();
        Assert.Matches(@"^PAR-\d{4}-\d{6}$", number);
        Assert.False(await phone.OverflowsAsync());

        var mail = await Wait.ForAsync(() => host.Smtp.Received.FirstOrDefault(m => m.To.Mailboxes.Any(a => a.Address == email)), "the confirmation email");
        Assert.Contains(number, mail.Subject, StringComparison.Ordinal);
        var link = Regex.Match(mail.TextBody ?? "", @"http://127\.0\.0\.1:\d+/track/\S+").Value;
        Assert.Contains(code, link, StringComparison.Ordinal);
        await Wait.ForAsync(() => host.Sms.Received.FirstOrDefault(r => r.Body.Contains(number, StringComparison.Ordinal)), "the confirmation SMS");

        await page.GotoAsync(link);
        await Expect(page.Locator("#case-status")).ToHaveTextAsync("received");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "certificat.pdf" })).ToBeVisibleAsync();

        await page.GetByLabel("Your message").FillAsync("Here is the certified translation.");
        await page.Locator("#f-files").SetInputFilesAsync(new FilePayload { Name = "traducere.pdf", MimeType = "application/pdf", Buffer = TestFiles.Pdf("translation") });
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the message" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your message has been sent.");
        await Expect(page.GetByText("Here is the certified translation.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "traducere.pdf" })).ToBeVisibleAsync();

        await host.ResolveAsync(number);
        await page.ReloadAsync();
        await Expect(page.Locator("#case-status")).ToHaveTextAsync("resolved");
        await page.GetByLabel("5", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Comment (optional)").FillAsync("Quick and clear.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the rating" }).ClickAsync();
        await Expect(page.GetByText("You rated the answer 5 of 5.")).ToBeVisibleAsync();

        var rated = await host.Db(db => db.Cases.Where(c => c.RegistrationNumber == number).Select(c => new { c.Rating, c.RatingComment }).FirstAsync());
        Assert.Equal(5, rated.Rating);
        Assert.Equal("Quick and clear.", rated.RatingComment);
        Assert.Equal(2, await host.Db(db => db.Attachments.CountAsync(a => db.Cases.Any(c => c.Id == a.CaseId && c.RegistrationNumber == number))));
        Assert.Empty(phone.ForeignRequests);
        Assert.Empty(phone.ConsoleErrors);
    }

    [Fact]
    public async Task FileRequest_MissingFieldsThenMislabeledFile_ClearMessagesAndNothingStored()
    {
        await using var phone = await host.PhoneAsync();
        var page = phone.Page;
        var email = $"ana.{Guid.NewGuid():N}@example.com";
        await page.GotoAsync("/request?unit=PAR&category=civil-status");

        await page.GetByRole(AriaRole.Button, new() { Name = "Send the request" }).ClickAsync();
        var summary = page.GetByRole(AriaRole.Alert);
        await Expect(summary).ToContainTextAsync("Consent to the processing of personal data is needed");
        await Expect(summary).ToContainTextAsync("Describe the request in 10 to 20,000 characters.");
        await Expect(summary).ToContainTextAsync("Give an email address or a phone number");
        await Expect(summary).ToContainTextAsync("Certificate is required.");
        await Expect(page.GetByLabel("Describe your request")).ToHaveAttributeAsync("aria-invalid", "true");

        await page.GetByLabel("Describe your request").FillAsync("Transcription of a marriage certificate, please.");
        await page.GetByLabel("Certificate *").SelectOptionAsync("căsătorie");
        await page.GetByLabel("Full name").FillAsync("Ana Marin");
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync("not-an-address");
        await page.GetByLabel("I agree that my personal data").CheckAsync();
        await page.Locator("#f-files").SetInputFilesAsync(new FilePayload { Name = "scan.pdf", MimeType = "application/pdf", Buffer = TestFiles.Png() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the request" }).ClickAsync();

        await Expect(summary).ToContainTextAsync("This is not a valid email address");
        await Expect(page.GetByLabel("Describe your request")).ToHaveValueAsync("Transcription of a marriage certificate, please.");

        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await page.Locator("#f-files").SetInputFilesAsync(new FilePayload { Name = "scan.pdf", MimeType = "application/pdf", Buffer = TestFiles.Png() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the request" }).ClickAsync();
        await Expect(summary).ToContainTextAsync("The content of scan.pdf is not a PDF file.");
        await Expect(page.GetByText("Attach your files again")).ToBeVisibleAsync();

        Assert.Equal(0, await host.Db(db => db.ContactPoints.CountAsync(p => p.Value == email)));
        Assert.Empty(phone.ForeignRequests);
    }

    [Fact]
    public async Task Track_WrongCode_SaysNotFoundWithoutDetails()
    {
        var (number, _) = await host.FileAsync($"t.{Guid.NewGuid():N}@example.com");
        await using var phone = await host.PhoneAsync();
        var page = phone.Page;
        await page.GotoAsync("/track");
        await page.GetByLabel("Registration number").FillAsync(number);
        await page.GetByLabel("Tracking code").FillAsync("AAAAAAAAAAAA");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show the request" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("We found no request with this number and code. Check both and try again.");
        await Expect(page.Locator("#case-status")).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("Registration number")).ToHaveValueAsync(number);
    }
}
