using System.Net;
using System.Net.Http.Json;
using Ghiseu.Features.Citizens;
using Ghiseu.Features.Portal;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ghiseu.Tests.Security;

/// <summary>
/// A stranger who types someone else's phone number (or staff of another unit who type a known
/// address) must not join that person's record, see their requests or redirect their mail.
/// </summary>
[Collection(ApiCollection.Name)]
public class CitizenIdentityAttackTests(GhiseuFactory app)
{
    private static string NewEmail() => $"id.{Guid.NewGuid():N}@example.com";

    private static string NewPhone() => $"+3361{Random.Shared.Next(1000000, 10000000)}";

    private static string NewCnp()
    {
        var r = Random.Shared;
        var body = $"{r.Next(1, 7)}{r.Next(0, 100):00}{r.Next(1, 13):00}{r.Next(1, 29):00}{r.Next(1, 47):00}{r.Next(1, 1000):000}";
        var sum = body.Select((d, i) => (d - '0') * ("279146358279"[i] - '0')).Sum();
        return body + (sum % 11 == 10 ? 1 : sum % 11);
    }

    private static async Task<string> FileAsync(HttpClient anon, string name, string email, string phone)
    {
        var response = await anon.PostAsJsonAsync("/api/v1/portal/requests", new
        {
            unit = "PAR", category = "civil-status", description = "Solicit transcrierea certificatului de naștere.",
            citizen = new { name, email, phone, language = "ro" },
            fields = new Dictionary<string, string> { ["document"] = "naștere" }, consent = true,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Body()).Str("registrationNumber");
    }

    private Task<Guid> CitizenOfAsync(string number) =>
        app.Db(db => db.Cases.IgnoreQueryFilters().Where(c => c.RegistrationNumber == number).Select(c => c.CitizenId).FirstAsync());

    [Fact]
    public async Task PortalRequest_WithVictimsPhoneAndOwnEmail_GetsItsOwnCitizen_VictimUnchanged()
    {
        using var anon = app.CreateClient();
        var (victimEmail, phone, attackerEmail) = (NewEmail(), NewPhone(), NewEmail());
        var victimCase = await FileAsync(anon, "Victima", victimEmail, phone);
        var attackerCase = await FileAsync(anon, "Atacator", attackerEmail, phone);

        var victim = await CitizenOfAsync(victimCase);
        Assert.NotEqual(victim, await CitizenOfAsync(attackerCase));
        var victimEmails = await app.Db(db => db.ContactPoints.Where(p => p.CitizenId == victim && p.Kind == ContactKind.Email).Select(p => p.Value).ToListAsync());
        Assert.Equal([victimEmail], victimEmails);
    }

    [Fact]
    public async Task SignedInAttacker_MyRequests_DoNotListTheVictimsCases()
    {
        using var anon = app.CreateClient();
        var (victimEmail, phone, attackerEmail) = (NewEmail(), NewPhone(), NewEmail());
        var victimCase = await FileAsync(anon, "Victima", victimEmail, phone);
        var attackerCase = await FileAsync(anon, "Atacator", attackerEmail, phone);

        using var scope = app.Services.CreateScope();
        var portal = scope.ServiceProvider.GetRequiredService<PortalCases>();
        // What /my lists for whoever proved the address with the sign-in code; the tracking links come from this list.
        var mine = (await portal.OfEmailAsync(attackerEmail, CancellationToken.None)).Select(c => c.RegistrationNumber).ToList();
        Assert.Equal([attackerCase], mine);
        Assert.DoesNotContain(victimCase, mine);
        var theirs = (await portal.OfEmailAsync(victimEmail, CancellationToken.None)).Select(c => c.RegistrationNumber).ToList();
        Assert.Equal([victimCase], theirs);
    }

    [Fact]
    public async Task AttackersRequest_Notifications_GoToTheAttackersAddress_NeverTheVictims()
    {
        using var anon = app.CreateClient();
        var (victimEmail, phone, attackerEmail) = (NewEmail(), NewPhone(), NewEmail());
        await FileAsync(anon, "Victima", victimEmail, phone);
        var attackerCase = await FileAsync(anon, "Atacator", attackerEmail, phone);

        var caseId = await app.Db(db => db.Cases.IgnoreQueryFilters().Where(c => c.RegistrationNumber == attackerCase).Select(c => c.Id).FirstAsync());
        var payloads = await app.Db(db => db.OutboxMessages.Where(m => m.Type == "notify.email" && m.Payload.Contains(caseId.ToString())).Select(m => m.Payload).ToListAsync());
        Assert.NotEmpty(payloads);
        Assert.All(payloads, p => Assert.DoesNotContain(victimEmail, p, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(payloads, p => p.Contains(attackerEmail, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task SameContactsAgain_Unverified_OwnRecord_OnceTheAddressIsProven_OneHistory()
    {
        using var anon = app.CreateClient();
        var (email, phone) = (NewEmail(), NewPhone());
        var first = await FileAsync(anon, "Ana", email, phone);
        // Typed twice is still only typed: the second request does not join the first record.
        var second = await FileAsync(anon, "Ana", email, phone);
        Assert.NotEqual(await CitizenOfAsync(first), await CitizenOfAsync(second));

        // The portal sign-in code proves the address (the sign-in calls exactly this on a right code).
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<CitizenDirectory>().VerifyEmailAsync(email, CancellationToken.None);
        var third = await FileAsync(anon, "Ana", email, phone);
        Assert.Contains(await CitizenOfAsync(third), new[] { await CitizenOfAsync(first), await CitizenOfAsync(second) });
    }

    [Fact]
    public async Task VictimsVerifiedPhone_TypedByAttacker_JoinsButAddsNothing_SeesNothing_MailGoesToTheAttacker()
    {
        using var anon = app.CreateClient();
        var paris = await app.Paris();
        var (victimEmail, phone, attackerEmail) = (NewEmail(), NewPhone(), NewEmail());
        var victimCase = await FileAsync(anon, "Victima", victimEmail, phone);
        var victim = await CitizenOfAsync(victimCase);
        // Staff checked the victim's identity document and the phone on it.
        var verified = await paris.PostAsJsonAsync($"/api/v1/citizens/{victim}/verify", new { kind = "phone", value = phone });
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);

        var attackerCase = await FileAsync(anon, "Atacator", attackerEmail, phone);

        Assert.Equal(victim, await CitizenOfAsync(attackerCase));
        var points = await app.Db(db => db.ContactPoints.Where(p => p.CitizenId == victim).Select(p => p.Value).ToListAsync());
        Assert.Equal(2, points.Count);
        Assert.DoesNotContain(attackerEmail, points);
        using var scope = app.Services.CreateScope();
        var portal = scope.ServiceProvider.GetRequiredService<PortalCases>();
        Assert.Equal([attackerCase], (await portal.OfEmailAsync(attackerEmail, CancellationToken.None)).Select(c => c.RegistrationNumber));
        Assert.Equal([victimCase], (await portal.OfEmailAsync(victimEmail, CancellationToken.None)).Select(c => c.RegistrationNumber));
        var ids = await app.Db(db => db.Cases.IgnoreQueryFilters().Where(c => c.RegistrationNumber == attackerCase || c.RegistrationNumber == victimCase)
            .ToDictionaryAsync(c => c.RegistrationNumber, c => c.Id.ToString()));
        var mail = await app.Db(db => db.OutboxMessages.Where(m => m.Type == "notify.email").Select(m => m.Payload).ToListAsync());
        var attackers = mail.Where(m => m.Contains(ids[attackerCase], StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(attackers);
        Assert.All(attackers, m => Assert.DoesNotContain(victimEmail, m, StringComparison.Ordinal));
        Assert.All(mail.Where(m => m.Contains(ids[victimCase], StringComparison.Ordinal)), m => Assert.DoesNotContain(attackerEmail, m, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StaffReply_OnCaseJoinedByVerifiedPhone_GoesToTheCasesOwnAddress()
    {
        using var anon = app.CreateClient();
        var paris = await app.Paris();
        var (victimEmail, phone, otherEmail) = (NewEmail(), NewPhone(), NewEmail());
        var victim = await CitizenOfAsync(await FileAsync(anon, "Victima", victimEmail, phone));
        await paris.PostAsJsonAsync($"/api/v1/citizens/{victim}/verify", new { kind = "email", value = victimEmail });
        await paris.PostAsJsonAsync($"/api/v1/citizens/{victim}/verify", new { kind = "phone", value = phone });
        var number = await FileAsync(anon, "Altcineva", otherEmail, phone);
        var id = await app.Db(db => db.Cases.IgnoreQueryFilters().Where(c => c.RegistrationNumber == number).Select(c => c.Id).FirstAsync());

        var reply = await paris.PostAsJsonAsync($"/api/v1/cases/{id}/messages", new { body = "Răspuns la cererea dumneavoastră.", channel = "email" });
        Assert.True(reply.IsSuccessStatusCode, await reply.Content.ReadAsStringAsync());

        var mail = await app.Db(db => db.OutboxMessages.Where(m => m.Type == "notify.email" && m.Payload.Contains(id.ToString())).Select(m => m.Payload).ToListAsync());
        Assert.True(mail.Count >= 2, "the receipt and the reply");
        Assert.All(mail, m => Assert.DoesNotContain(victimEmail, m, StringComparison.Ordinal));
        Assert.All(mail, m => Assert.Contains(otherEmail, m, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StaffVerify_CitizenOfAnotherUnit_404AndUnverified()
    {
        var (paris, madrid) = (await app.Paris(), await app.Madrid());
        var email = NewEmail();
        var id = (await (await paris.PostAsJsonAsync("/api/v1/citizens", new { name = "Ion Paris", email })).Body()).Str("id");

        var response = await madrid.PostAsJsonAsync($"/api/v1/citizens/{id}/verify", new { kind = "email", value = email });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(await app.Db(db => db.ContactPoints.Where(p => p.CitizenId == Guid.Parse(id)).Select(p => p.VerifiedAt).FirstAsync()));
    }

    [Fact]
    public async Task UnconfirmedCnp_TypedOnThePortal_JoinsNobody()
    {
        var paris = await app.Paris();
        var cnp = NewCnp();
        var id = (await (await paris.PostAsJsonAsync("/api/v1/citizens", new { name = "Ion Paris", email = NewEmail(), cnp })).Body()).Str("id");
        using var anon = app.CreateClient();
        var response = await anon.PostAsJsonAsync("/api/v1/portal/requests", new
        {
            unit = "PAR", category = "information", description = "Cerere cu CNP.",
            citizen = new { name = "Atacator", email = NewEmail(), cnp }, consent = true,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotEqual(Guid.Parse(id), await CitizenOfAsync((await response.Body()).Str("registrationNumber")));

        // Confirmed against a document, the CNP is proof: the next request joins.
        Assert.Equal(HttpStatusCode.OK, (await paris.PostAsJsonAsync($"/api/v1/citizens/{id}/verify", new { kind = "cnp" })).StatusCode);
        var again = await anon.PostAsJsonAsync("/api/v1/portal/requests", new
        {
            unit = "PAR", category = "information", description = "Cerere cu CNP.",
            citizen = new { name = "Ion", email = NewEmail(), cnp }, consent = true,
        });
        Assert.Equal(Guid.Parse(id), await CitizenOfAsync((await again.Body()).Str("registrationNumber")));
    }

    [Fact]
    public async Task SenderVerified_SecondMessageJoins_UnverifiedDoesNot()
    {
        var email = NewEmail();
        async Task<Guid> MatchAsync(bool senderVerified)
        {
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<Ghiseu.Data.GhiseuDb>();
            var citizen = await scope.ServiceProvider.GetRequiredService<CitizenDirectory>()
                .FindOrCreateAsync(new CitizenContact("Ana", email), null, ContactSource.Email, CancellationToken.None, senderVerified);
            await db.SaveChangesAsync();
            return citizen.Id;
        }
        var unverified = await MatchAsync(false);
        var first = await MatchAsync(true);
        Assert.NotEqual(unverified, first);
        Assert.Equal(first, await MatchAsync(true));
        Assert.Equal(first, await MatchAsync(false)); // the address is proven on that record now
        Assert.NotNull(await app.Db(db => db.ContactPoints.Where(p => p.CitizenId == first).Select(p => p.VerifiedAt).FirstAsync()));
        Assert.Null(await app.Db(db => db.ContactPoints.Where(p => p.CitizenId == unverified).Select(p => p.VerifiedAt).FirstAsync()));
    }

    [Fact]
    public async Task StaffApi_CitizenOfAnotherUnit_IsNeitherShownNorChanged()
    {
        var (paris, madrid) = (await app.Paris(), await app.Madrid());
        var (email, phone, cnp) = (NewEmail(), NewPhone(), NewCnp());
        var created = await paris.PostAsJsonAsync("/api/v1/citizens", new { name = "Ion Paris", email, phone });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var parisId = (await created.Body()).Str("id");

        var probe = await madrid.PostAsJsonAsync("/api/v1/citizens", new { name = "Probe", email, phone = NewPhone(), cnp });
        var body = await probe.Body();
        Assert.Equal(HttpStatusCode.Created, probe.StatusCode);
        Assert.NotEqual(parisId, body.Str("id"));
        Assert.DoesNotContain(phone, body.ToJsonString(), StringComparison.Ordinal);

        var caseResponse = await madrid.PostAsJsonAsync("/api/v1/cases", new
        {
            unit = "MAD", category = "information", subject = "Probe", description = "Probe", channel = "phone",
            citizen = new { name = "Probe", email, phone = NewPhone() },
        });
        Assert.Equal(HttpStatusCode.Created, caseResponse.StatusCode);
        Assert.NotEqual(parisId, (await caseResponse.Body())["citizen"]!.Str("id"));

        var points = await app.Db(db => db.ContactPoints.Where(p => p.CitizenId == Guid.Parse(parisId)).Select(p => p.Value).ToListAsync());
        Assert.Equal(2, points.Count);
        Assert.Null(await app.Db(db => db.Citizens.Where(c => c.Id == Guid.Parse(parisId)).Select(c => c.Cnp).FirstAsync()));
    }
}
