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
    public async Task SameContactsAgain_FromThePortal_StillOneHistory()
    {
        using var anon = app.CreateClient();
        var (email, phone) = (NewEmail(), NewPhone());
        var first = await FileAsync(anon, "Ana", email, phone);
        var second = await FileAsync(anon, "Ana", email, phone);
        Assert.Equal(await CitizenOfAsync(first), await CitizenOfAsync(second));
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
