using System.Text.RegularExpressions;
using Ghiseu.BrowserTests.Infrastructure;
using Ghiseu.Features.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ghiseu.BrowserTests.Desk;

[Collection(PortalCollection.Name)]
public class DeskTests(PortalHost host)
{
    [Fact]
    public async Task FirstSignIn_ChangePasswordEnrolTotp_ThenSignInWithCodeFindCaseReplyByEmailAndChangeStatus()
    {
        var agent = await host.CreateStaffAsync("PAR", mustChangePassword: true);
        var citizen = $"radu.{Guid.NewGuid():N}@example.com";
        var (number, _) = await host.FileAsync(citizen);
        await using var screen = await host.ScreenAsync();
        var page = screen.Page;

        await page.GotoAsync("/desk");
        await Expect(page).ToHaveURLAsync(new Regex("/desk/signin"));
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(agent.Email!);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Ghiseu.Tests.Infrastructure.GhiseuFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Choose a new password");
        await page.GetByLabel("Current password").FillAsync(Ghiseu.Tests.Infrastructure.GhiseuFactory.Password);
        await page.GetByLabel("New password (at least 10 characters)").FillAsync("Noua-Parola-2026");
        await page.GetByLabel("New password again").FillAsync("Noua-Parola-2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the password" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code for the authenticator app" })).ToBeVisibleAsync();
        var key = (await page.Locator("#authenticator-key").TextContentAsync())!.Trim();
        await page.GetByLabel("Code from your authenticator app").FillAsync(DeskSession.TotpNow(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-factor sign-in" }).ClickAsync();
        await Expect(page.Locator("#recovery-codes li")).ToHaveCountAsync(10);

        await page.GetByRole(AriaRole.Link, new() { Name = "Go to the desk" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/desk/signin"));

        // A wrong code is refused; the right one must be of a later step than the enrolment's (no replay):
        // the authenticator's next code is accepted, the server allowing one step of clock drift.
        await page.GetByLabel("Email", new() { Exact = true }).FillAsync(agent.Email!);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("Noua-Parola-2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByLabel("Code from your authenticator app").FillAsync("000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The code is wrong or was already used.");
        await page.GetByLabel("Code from your authenticator app").FillAsync(DeskSession.TotpNext(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("All I can see");
        await page.GetByLabel("Search cases").FillAsync(number);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();

        await Expect(page.Locator("#case-number")).ToHaveTextAsync(number);
        await page.GetByLabel("Canned response").SelectOptionAsync(new SelectOptionValue { Label = "Documente lipsă" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Insert" }).ClickAsync();
        await Expect(page.GetByLabel("Reply to the citizen")).ToHaveValueAsync(new Regex($"Ion Popescu.*{number}", RegexOptions.Singleline));
        await page.GetByLabel("Reply to the citizen").FillAsync("Programul secției consulare este 9–13, de luni până vineri.");
        await page.GetByLabel("Send on").SelectOptionAsync("Email");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the reply" }).ClickAsync();
        await Expect(page.Locator("#action-result")).ToHaveTextAsync("Sent.");
        await Expect(page.GetByText("Programul secției consulare este 9–13")).ToBeVisibleAsync();

        var reply = await Wait.ForAsync(() => host.Smtp.Received.FirstOrDefault(m =>
            m.To.Mailboxes.Any(a => a.Address == citizen) && (m.TextBody ?? "").Contains("Programul secției", StringComparison.Ordinal)), "the reply email");
        Assert.Contains(number, reply.Subject, StringComparison.Ordinal);

        await page.GetByLabel("Change the status").SelectOptionAsync(new SelectOptionValue { Label = "resolved" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).First.ClickAsync();
        await Expect(page.Locator("#case-status")).ToHaveTextAsync("resolved");
        Assert.Equal(CaseStatus.Resolved, await host.Db(db => db.Cases.Where(c => c.RegistrationNumber == number).Select(c => c.Status).FirstAsync()));
        Assert.Empty(screen.ForeignRequests);
    }

    [Fact]
    public async Task Inbox_CaseCreatedByAColleague_AppearsWithinTwoSecondsWithoutReload()
    {
        var first = await host.CreateStaffAsync("MAD");
        var second = await host.CreateStaffAsync("MAD");
        await using var a = await host.ScreenAsync();
        await using var b = await host.ScreenAsync();
        await DeskSession.SignInAsync(a.Page, first.Email!);
        await DeskSession.SignInAsync(b.Page, second.Email!);

        await a.Page.GotoAsync("/desk/new");
        await a.Page.GetByLabel("Unit").SelectOptionAsync("MAD");
        await a.Page.GetByLabel("Category").SelectOptionAsync(new SelectOptionValue { Label = "Information request" });
        await a.Page.GetByLabel("Channel").SelectOptionAsync(new SelectOptionValue { Label = "Phone" });
        await a.Page.GetByLabel("Citizen's name").FillAsync("Elena Telefon");
        await a.Page.GetByLabel("Phone", new() { Exact = true }).FillAsync("+34 612 345 678");
        await a.Page.GetByLabel("Description").FillAsync("Întreabă dacă poate depune cererea de pașaport fără programare.");
        await a.Page.GetByRole(AriaRole.Button, new() { Name = "Register the case" }).ClickAsync();
        await Expect(a.Page.Locator("#case-number")).ToHaveTextAsync(new Regex(@"^MAD-\d{4}-\d{6}$"));
        var number = (await a.Page.Locator("#case-number").TextContentAsync())!;

        await Expect(b.Page.GetByRole(AriaRole.Link, new() { Name = number })).ToBeVisibleAsync(new() { Timeout = 2000 });
    }

    [Fact]
    public async Task Workspace_AssignColleagueReferAndMergeSuggestedDuplicate()
    {
        var agent = await host.CreateStaffAsync("PAR");
        var colleague = await host.CreateStaffAsync("PAR");
        var email = $"dup.{Guid.NewGuid():N}@example.com";
        var (older, _) = await host.FileAsync(email);
        var (newer, _) = await host.FileAsync(email);
        var id = await host.Db(db => db.Cases.Where(c => c.RegistrationNumber == newer).Select(c => c.Id).FirstAsync());
        await using var screen = await host.ScreenAsync();
        var page = screen.Page;
        await DeskSession.SignInAsync(page, agent.Email!);
        await page.GotoAsync($"/desk/cases/{id}");

        await page.GetByLabel("Assign to").SelectOptionAsync(colleague.Id.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Assign", Exact = true }).ClickAsync();
        await Expect(page.Locator("#case-assignee")).ToHaveTextAsync(colleague.DisplayName);

        await page.GetByLabel("Authority").SelectOptionAsync(new SelectOptionValue { Label = "Police" });
        await page.GetByLabel("Reason").FillAsync("Pașaport furat: sesizare la poliția locală.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Refer", Exact = true }).ClickAsync();
        await Expect(page.Locator(".referrals li")).ToContainTextAsync("Police: Pașaport furat");
        await page.Locator(".referrals input").FillAsync("Dosar penal înregistrat la secția 5.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the outcome" }).ClickAsync();
        await Expect(page.Locator(".referrals li")).ToContainTextAsync("Dosar penal înregistrat la secția 5.");

        await page.GetByLabel("Category", new() { Exact = true }).SelectOptionAsync("passport");
        await page.GetByRole(AriaRole.Button, new() { Name = "Move", Exact = true }).ClickAsync();
        await Expect(page.GetByText("category: passport")).ToBeVisibleAsync();
        Assert.Equal("passport", await host.Db(db => db.Categories.Where(k => db.Cases.Any(c => c.Id == id && c.CategoryId == k.Id)).Select(k => k.Code).FirstAsync()));

        var handle = colleague.Email!.Split('@')[0];
        await page.GetByLabel("Internal note").FillAsync($"@{handle} can you check the police report?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the note" }).ClickAsync();
        var mention = await Wait.ForAsync(() => host.Smtp.Received.FirstOrDefault(m => m.To.Mailboxes.Any(a => a.Address == colleague.Email)), "the mention email");
        Assert.Contains(newer, mention.Subject, StringComparison.Ordinal);
        Assert.Contains($"/desk/cases/{id}", mention.TextBody, StringComparison.Ordinal);

        var suggestion = page.Locator(".duplicates li", new() { HasText = older });
        await suggestion.GetByRole(AriaRole.Button, new() { Name = "Merge into it" }).ClickAsync();
        await Expect(page.Locator("#case-status")).ToHaveTextAsync("closed");
        var olderId = await host.Db(db => db.Cases.Where(c => c.RegistrationNumber == older).Select(c => c.Id).FirstAsync());
        Assert.Equal(olderId, await host.Db(db => db.Cases.Where(c => c.Id == id).Select(c => c.MergedIntoId).FirstAsync()));
        Assert.Equal(1, await host.Db(db => db.Referrals.CountAsync(r => r.CaseId == id && r.Authority == Authority.Police)));
    }

    [Fact]
    public async Task Workspace_HtmlEmail_ShownSanitizedOnDemand()
    {
        var agent = await host.CreateStaffAsync("PAR");
        var subject = $"Certificat {Guid.NewGuid():N}";
        var mail = new MimeKit.MimeMessage();
        mail.From.Add(new MimeKit.MailboxAddress("Dana Mail", $"dana.{Guid.NewGuid():N}@example.com"));
        mail.To.Add(new MimeKit.MailboxAddress("Paris", "par@demo.ghiseu.ro"));
        mail.Subject = subject;
        mail.Body = new MimeKit.BodyBuilder
        {
            TextBody = "Am nevoie de un certificat de naștere.",
            HtmlBody = "<p>Am nevoie de un <b>certificat</b> de naștere.</p><script>document.title='x'</script><img src=x onerror=alert(1)>",
        }.ToMessageBody();
        using (var smtp = new MailKit.Net.Smtp.SmtpClient())
        {
            await smtp.ConnectAsync("127.0.0.1", host.MailPort, MailKit.Security.SecureSocketOptions.None);
            await smtp.SendAsync(mail);
            await smtp.DisconnectAsync(true);
        }
        var id = await Wait.ForAsync(async () => await host.Db(db => db.Cases.Where(c => c.Subject == subject).Select(c => (Guid?)c.Id).FirstOrDefaultAsync()), "the case from the email");

        await using var screen = await host.ScreenAsync();
        var page = screen.Page;
        await DeskSession.SignInAsync(page, agent.Email!);
        await page.GotoAsync($"/desk/cases/{id}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show as the sender formatted it" }).ClickAsync();

        await Expect(page.Locator(".email-html b")).ToHaveTextAsync("certificat");
        var inner = await page.Locator(".email-html").InnerHTMLAsync();
        Assert.DoesNotContain("<script", inner, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", inner, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(screen.ConsoleErrors);
    }

    [Fact]
    public async Task Supervisor_BulkAssignSavedViewAndWorkloadThenReassignToColleague()
    {
        var boss = await host.CreateStaffAsync("BRU", role: Ghiseu.Features.Identity.Roles.Supervisor);
        var colleague = await host.CreateStaffAsync("BRU");
        var email = $"bulk.{Guid.NewGuid():N}@example.com";
        var (first, _) = await host.FileAsync(email, "BRU");
        var (second, _) = await host.FileAsync(email, "BRU");
        await using var screen = await host.ScreenAsync();
        var page = screen.Page;
        await DeskSession.SignInAsync(page, boss.Email!);

        await page.GetByLabel("Search cases").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await page.GetByLabel($"Select {first}").CheckAsync();
        await page.GetByLabel($"Select {second}").CheckAsync();
        await Expect(page.Locator("#selected-count")).ToHaveTextAsync("2 selected");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply to the selection" }).ClickAsync();
        await Expect(page.Locator("#bulk-result")).ToContainTextAsync("2 done, 0 refused");
        Assert.Equal(2, await host.Db(db => db.Cases.CountAsync(c => (c.RegistrationNumber == first || c.RegistrationNumber == second) && c.AssigneeId == boss.Id)));

        await page.GetByText("More filters").ClickAsync();
        await page.GetByLabel("Assignee", new() { Exact = true }).SelectOptionAsync("none");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.GetByText("No cases in this view.")).ToBeVisibleAsync();
        await page.GetByLabel("Assignee", new() { Exact = true }).SelectOptionAsync("me");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = first })).ToBeVisibleAsync();

        await page.GetByLabel("Save this view as").FillAsync("Brussels bulk");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.Locator(".saved-views")).ToContainTextAsync("Brussels bulk");

        await page.GetByRole(AriaRole.Link, new() { Name = "Workload" }).ClickAsync();
        await Expect(page.Locator("#agents")).ToContainTextAsync(boss.DisplayName);
        Assert.Empty(await Axe.SeriousViolationsAsync(page));

        // From the boss's row to their open cases, then both handed to a colleague.
        var row = page.Locator("#agents tbody tr", new() { Has = page.Locator($"a[href*='assignee={boss.Id}']") }).First;
        await row.GetByRole(AriaRole.Link, new() { Name = $"Open cases of {boss.DisplayName}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = second })).ToBeVisibleAsync();
        await page.GetByLabel($"Select {first}").CheckAsync();
        await page.GetByLabel($"Select {second}").CheckAsync();
        await page.Locator("#bulk-action").SelectOptionAsync("colleague");
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Colleague" }).SelectOptionAsync(colleague.Id.ToString());
        Assert.Empty(await Axe.SeriousViolationsAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply to the selection" }).ClickAsync();
        await Expect(page.Locator("#bulk-result")).ToContainTextAsync("2 done, 0 refused");
        Assert.Equal(2, await host.Db(db => db.Cases.CountAsync(c => (c.RegistrationNumber == first || c.RegistrationNumber == second) && c.AssigneeId == colleague.Id)));
        await Expect(page.GetByText("No cases in this view.")).ToBeVisibleAsync();
        Assert.Empty(screen.ConsoleErrors);
    }

    [Fact]
    public async Task Presence_ColleagueMovesToAnotherCase_NoLongerShownOnTheFirst()
    {
        var first = await host.CreateStaffAsync("VIE");
        var second = await host.CreateStaffAsync("VIE");
        var email = $"pres.{Guid.NewGuid():N}@example.com";
        var (a, _) = await host.FileAsync(email, "VIE");
        // The citizen proves the address (as the portal sign-in does), so their next request joins their record.
        await host.Db(db => db.ContactPoints.IgnoreQueryFilters().Where(p => p.Value == email)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.VerifiedAt, DateTimeOffset.UtcNow)));
        var (b, _) = await host.FileAsync(email, "VIE");
        var idA = await host.Db(db => db.Cases.Where(c => c.RegistrationNumber == a).Select(c => c.Id).FirstAsync());
        await using var one = await host.ScreenAsync();
        await using var two = await host.ScreenAsync();
        await DeskSession.SignInAsync(one.Page, first.Email!);
        await DeskSession.SignInAsync(two.Page, second.Email!);
        await one.Page.GotoAsync($"/desk/cases/{idA}");
        await two.Page.GotoAsync($"/desk/cases/{idA}");
        await Expect(two.Page.Locator("#presence")).ToContainTextAsync(first.DisplayName);

        await one.Page.Locator(".their-cases").GetByRole(AriaRole.Link, new() { Name = b }).ClickAsync();
        await Expect(one.Page.Locator("#case-number")).ToHaveTextAsync(b);
        await Expect(two.Page.Locator("#presence")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ParisAgent_MadridCase_UnreachableThroughAnyPageOrAddress()
    {
        var paris = await host.CreateStaffAsync("PAR");
        var (number, _) = await host.FileWithPdfAsync($"m.{Guid.NewGuid():N}@example.com", "MAD");
        var madrid = await host.Db(db => db.Cases.Where(c => c.RegistrationNumber == number).Select(c => c.Id).FirstAsync());
        await using var screen = await host.ScreenAsync();
        var page = screen.Page;
        await DeskSession.SignInAsync(page, paris.Email!);

        await page.GotoAsync($"/desk/cases/{madrid}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("No such case among yours.");
        await Expect(page.GetByText(number)).ToHaveCountAsync(0);

        await page.GotoAsync("/desk/inbox/all");
        await page.GetByLabel("Search cases").FillAsync(number);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.GetByText("No cases in this view.")).ToBeVisibleAsync();

        var file = await host.Db(db => db.Attachments.Where(a => a.CaseId == madrid).Select(a => a.Id).FirstAsync());
        Assert.Equal(404, (await page.APIRequest.GetAsync($"/desk/files/{file}")).Status);

        var madridAgent = await host.CreateStaffAsync("MAD");
        await using var other = await host.ScreenAsync();
        await DeskSession.SignInAsync(other.Page, madridAgent.Email!);
        Assert.Equal(200, (await other.Page.APIRequest.GetAsync($"/desk/files/{file}")).Status);
    }
}
