using System.Net;
using System.Net.Http.Json;
using Ghiseu.Features.Citizens;
using Ghiseu.Features.Identity;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Ghiseu.Tests.Citizens.SuggestionFiling;

namespace Ghiseu.Tests.Security;

/// <summary>
/// A stranger who types a victim's phone gets a suggestion for staff to judge, never the victim's
/// record; and a suggestion shows nothing to, and takes no decision from, staff who cannot see both records.
/// </summary>
[Collection(ApiCollection.Name)]
public class SamePersonAttackTests(GhiseuFactory app)
{
    [Fact]
    public async Task AttackerFilesWithVictimsPhone_GetsOwnRecord_AndASuggestion_NotAJoin()
    {
        var (victimEmail, phone, attackerEmail) = (NewEmail(), NewPhone(), NewEmail());
        var (_, victim) = await app.FileAsync("Victima", victimEmail, phone);
        var (attackerCase, attacker) = await app.FileAsync("Atacator", attackerEmail, phone);

        Assert.NotEqual(victim, attacker);
        Assert.Equal(attacker, await app.Db(db => db.Cases.Where(c => c.Id == attackerCase).Select(c => c.CitizenId).FirstAsync()));
        var s = Assert.Single(await app.PairAsync(victim, attacker));
        Assert.Equal((attacker, victim, SuggestionState.Open), (s.NewCitizenId, s.ExistingCitizenId, s.State));
        Assert.Equal((phone, (string?)null), (s.SamePhone, s.SameEmail));
        var victimPoints = await app.Db(db => db.ContactPoints.Where(p => p.CitizenId == victim).Select(p => p.Value).ToListAsync());
        Assert.Equal(2, victimPoints.Count);
        Assert.DoesNotContain(attackerEmail, victimPoints);
    }

    [Fact]
    public async Task StaffOfAnotherUnit_NeitherListNorReadNorDecide()
    {
        var phone = NewPhone();
        var (_, victim) = await app.FileAsync("Victima", NewEmail(), phone);
        var (_, attacker) = await app.FileAsync("Atacator", NewEmail(), phone);
        var id = Assert.Single(await app.PairAsync(victim, attacker)).Id;
        var madrid = await app.Madrid();
        var madridBoss = await app.SignIn((await app.CreateStaff(Roles.Supervisor, "MAD")).Email!);

        foreach (var client in new[] { madrid, madridBoss })
        {
            Assert.Empty(await client.OpenOfAsync(victim));
            var all = await client.GetAsync("/api/v1/citizens/suggestions?limit=200");
            Assert.DoesNotContain(id.ToString(), await all.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/citizens/suggestions/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/v1/citizens/suggestions/{id}/reject", null)).StatusCode);
        }
        var confirm = await madridBoss.PostAsync($"/api/v1/citizens/suggestions/{id}/confirm", null);
        Assert.Equal(HttpStatusCode.NotFound, confirm.StatusCode);
        Assert.Equal("application/problem+json", confirm.Content.Headers.ContentType?.MediaType);

        Assert.Equal(SuggestionState.Open, Assert.Single(await app.PairAsync(victim, attacker)).State);
        Assert.Null(await app.Db(db => db.Citizens.Where(c => c.Id == attacker).Select(c => c.MergedIntoId).FirstAsync()));
    }

    [Fact]
    public async Task OneSideInAnotherUnit_NotListed_NotDecided_EvenBySupervisorOfTheOther()
    {
        // The victim's record is Madrid's; the stranger files in Paris with the victim's phone.
        var phone = NewPhone();
        var (_, victim) = await app.FileAsync("Victima", NewEmail(), phone, unit: "MAD");
        var (_, attacker) = await app.FileAsync("Atacator", NewEmail(), phone);
        var id = Assert.Single(await app.PairAsync(victim, attacker)).Id;
        var parisBoss = await app.SignIn((await app.CreateStaff(Roles.Supervisor, "PAR")).Email!);

        Assert.Empty(await parisBoss.OpenOfAsync(attacker));
        Assert.Equal(HttpStatusCode.NotFound, (await parisBoss.PostAsync($"/api/v1/citizens/suggestions/{id}/confirm", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await parisBoss.PostAsync($"/api/v1/citizens/suggestions/{id}/reject", null)).StatusCode);
        // The supervisor of the whole network sees both.
        Assert.Single(await (await app.ClientFor(Staff.Supervisor)).OpenOfAsync(attacker));
    }

    [Fact]
    public async Task Auditor_Lists_ButMayNotConfirmOrReject()
    {
        var phone = NewPhone();
        var (_, victim) = await app.FileAsync("Victima", NewEmail(), phone);
        var (_, attacker) = await app.FileAsync("Atacator", NewEmail(), phone);
        var auditor = await app.ClientFor(Staff.Auditor);

        var id = Assert.Single(await auditor.OpenOfAsync(victim))!.Str("id");

        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostAsync($"/api/v1/citizens/suggestions/{id}/confirm", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostAsync($"/api/v1/citizens/suggestions/{id}/reject", null)).StatusCode);
        Assert.Equal(SuggestionState.Open, Assert.Single(await app.PairAsync(victim, attacker)).State);
    }

    [Fact]
    public async Task StaffCreatesCitizenWhoseCnpIsAnotherUnits_NewRecord_SuggestionOnlyForStaffSeeingBoth()
    {
        var (paris, madrid) = (await app.Paris(), await app.Madrid());
        var cnp = NewCnp();
        var parisId = Guid.Parse((await (await paris.PostAsJsonAsync("/api/v1/citizens", new { name = "Ion Paris", email = NewEmail(), cnp })).Body()).Str("id"));

        var created = await madrid.PostAsJsonAsync("/api/v1/citizens", new { name = "Ion Madrid", email = NewEmail(), cnp });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Body();
        var madridId = Guid.Parse(body.Str("id"));
        Assert.NotEqual(parisId, madridId);
        Assert.DoesNotContain("Ion Paris", body.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(await madrid.OpenOfAsync(madridId));
        Assert.Empty(await paris.OpenOfAsync(parisId));
        var seen = Assert.Single(await (await app.ClientFor(Staff.Supervisor)).OpenOfAsync(madridId))!;
        Assert.Equal(parisId.ToString(), seen["existingCitizen"]!.Str("id"));
        var evidence = Assert.Single(seen["evidence"]!.AsArray())!;
        Assert.Equal(("cnp", cnp), (evidence.Str("key"), evidence.Str("value")));
    }
}
