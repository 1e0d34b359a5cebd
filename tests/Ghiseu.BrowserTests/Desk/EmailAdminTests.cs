using Ghiseu.BrowserTests.Infrastructure;
using Ghiseu.Features.Channels.Email;
using Ghiseu.Features.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ghiseu.BrowserTests.Desk;

[Collection(PortalCollection.Name)]
public class EmailAdminTests(PortalHost host)
{
    [Fact]
    public async Task EmailAdmin_AddAddressAndReleaseHeldSpam_ThroughThePages()
    {
        var admin = await host.CreateStaffAsync("PAR", role: Roles.SystemAdmin);
        var sender = $"held.{Guid.NewGuid():N}@example.com";
        var mail = new MimeKit.MimeMessage();
        mail.From.Add(new MimeKit.MailboxAddress("Held", sender));
        mail.To.Add(new MimeKit.MailboxAddress("Paris", "par@demo.ghiseu.ro"));
        mail.Subject = "Mesaj legitim marcat greșit";
        mail.Headers.Add("X-Spam-Flag", "YES");
        mail.Body = new MimeKit.TextPart("plain") { Text = "Vă rog să-mi spuneți programul." };
        using (var smtp = new MailKit.Net.Smtp.SmtpClient())
        {
            await smtp.ConnectAsync("127.0.0.1", host.MailPort, MailKit.Security.SecureSocketOptions.None);
            await smtp.SendAsync(mail);
            await smtp.DisconnectAsync(true);
        }
        var heldId = await Wait.ForAsync(async () => await host.Db(db => db.Set<InboundEmail>()
            .Where(m => m.Sender == sender && m.State == InboundState.Spam).Select(m => (Guid?)m.Id).FirstOrDefaultAsync()), "the held message");

        await using var screen = await host.ScreenAsync();
        var page = screen.Page;
        await DeskSession.SignInAsync(page, admin.Email!);
        await page.GetByRole(AriaRole.Link, new() { Name = "Administration" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Email administration");

        var address = $"lisabona.{Guid.NewGuid():N}"[..17] + "@demo.ghiseu.ro";
        await page.GetByLabel("Address", new() { Exact = true }).FillAsync(address);
        await page.GetByLabel("Unit", new() { Exact = true }).First.SelectOptionAsync("PAR");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = address })).ToBeVisibleAsync();

        var row = page.Locator($"#quarantine tr[data-id='{heldId}']");
        await Expect(row).ToContainTextAsync("spam");
        await row.GetByRole(AriaRole.Button, new() { Name = "Process again" }).ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
        var caseId = await Wait.ForAsync(async () => await host.Db(db => db.Set<InboundEmail>()
            .Where(m => m.Id == heldId && m.State == InboundState.Processed).Select(m => m.CaseId).FirstOrDefaultAsync()), "the case of the released message");
        Assert.NotEqual(Guid.Empty, caseId);
        Assert.Empty(screen.ConsoleErrors);
    }

    [Fact]
    public async Task EmailAdmin_Agent_Refused()
    {
        var agent = await host.CreateStaffAsync("PAR");
        await using var screen = await host.ScreenAsync();
        await DeskSession.SignInAsync(screen.Page, agent.Email!);
        await Expect(screen.Page.GetByRole(AriaRole.Link, new() { Name = "Administration" })).ToHaveCountAsync(0);

        // Navigation inside the live session does not pass through the server's authorization.
        await screen.Page.EvaluateAsync("() => Blazor.navigateTo('/desk/admin/email')");
        await Expect(screen.Page.Locator("#not-allowed")).ToBeVisibleAsync();
        await Expect(screen.Page.GetByRole(AriaRole.Heading, new() { Name = "Email administration" })).ToHaveCountAsync(0);
        await screen.Page.EvaluateAsync("() => Blazor.navigateTo('/desk/workload')");
        await Expect(screen.Page.Locator("#not-allowed")).ToBeVisibleAsync();

        await screen.Page.GotoAsync("/desk/admin/email");
        await Expect(screen.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/desk/signin"));
    }
}
