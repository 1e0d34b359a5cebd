using Ghiseu.Features.Cases;
using Ghiseu.Features.Citizens;
using Ghiseu.Tests.Email;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Security;

/// <summary>
/// The sender checks decide whose record an email joins: an address proven by an aligned DKIM
/// signature counts as verified; an SPF pass alone does not (a shared host's SPF covers all its
/// customers); a forged From (DMARC fail) joins no one, not even the citizen who owns the address.
/// </summary>
public sealed class EmailSenderIdentityTests(SenderCheckFactory f) : IClassFixture<SenderCheckFactory>
{
    private const string Par = "par@demo.ghiseu.ro";

    /// <summary>A citizen's mail provider: sends from 192.0.2.1 only (not from here), signs with DKIM, asks for DMARC.</summary>
    private string SigningDomain()
    {
        var d = $"s{Guid.NewGuid():N}.test";
        f.Dns.Txt(d, "v=spf1 ip4:192.0.2.1 -all");
        f.Dns.Txt($"_dmarc.{d}", "v=DMARC1; p=reject");
        DkimKeys.Publish(f.Dns, d);
        return d;
    }

    private static Task<DateTimeOffset?> VerifiedAtAsync(EmailFactory f, Guid citizenId, string email) =>
        f.Db(db => db.ContactPoints.Where(p => p.CitizenId == citizenId && p.Kind == ContactKind.Email && p.Value == email).Select(p => p.VerifiedAt).FirstAsync());

    [Fact]
    public async Task DkimAlignedMessage_FromAnAddressNobodyVerified_CreatesACitizenWithTheAddressVerified()
    {
        var d = SigningDomain();
        var sender = $"ana@{d}";
        await f.SendAsync(DkimKeys.Sign(Mail.Text(sender, Par, "Cerere certificat", "Bună ziua."), d));
        var o = await f.OutcomeAsync(sender);

        Assert.Equal(("pass", "pass", "pass"), (o.Row.Dkim, o.Row.Dmarc, o.Row.SenderCheck));
        Assert.NotNull(await VerifiedAtAsync(f, o.Citizen!.Id, sender));
        Assert.Equal(("pass", "spf=fail dkim=pass dmarc=pass"), (o.Interaction!.SenderCheck, o.Interaction.SenderResults));
    }

    [Fact]
    public async Task SpfOnlyPass_LeavesTheAddressUnverified()
    {
        // The domain lists this machine in its SPF (as a shared host's include would) and signs nothing.
        var d = $"h{Guid.NewGuid():N}.test";
        f.Dns.Txt(d, "v=spf1 ip4:127.0.0.0/8 -all");
        f.Dns.Txt($"_dmarc.{d}", "v=DMARC1; p=reject");
        var sender = $"ion@{d}";
        await f.SendAsync(Mail.Text(sender, Par, "Cerere", "Bună ziua."));
        var o = await f.OutcomeAsync(sender);

        Assert.Equal(("pass", "none", "pass", "pass"), (o.Row.Spf, o.Row.Dkim, o.Row.Dmarc, o.Row.SenderCheck));
        Assert.Null(await VerifiedAtAsync(f, o.Citizen!.Id, sender));
    }

    [Fact]
    public async Task ForgedFrom_OfAVerifiedCitizensAddress_JoinsNoCitizen_AndGetsNoAutoReply()
    {
        var d = SigningDomain();
        var owner = $"maria@{d}";
        await f.SendAsync(DkimKeys.Sign(Mail.Text(owner, Par, "Cerere pașaport", "Bună ziua."), d));
        var first = await f.OutcomeAsync(owner);
        Assert.True(await VerifiedAtAsync(f, first.Citizen!.Id, owner) is not null, $"the signed message was not verified: spf={first.Row.Spf} dkim={first.Row.Dkim} dmarc={first.Row.Dmarc}");
        await f.OutboundTo(owner); // the genuine message is answered

        // No case number: nothing to thread into, only the citizen's record to reach.
        await f.SendAsync(Mail.Text(owner, Par, "Schimbare adresă de livrare", "Trimiteți pașaportul la adresa nouă."));
        var forged = await f.OutcomeAsync(owner, count: 2);

        Assert.Equal("fail", forged.Row.SenderCheck);
        Assert.NotNull(forged.Case);
        Assert.NotEqual(first.Citizen.Id, forged.Case!.CitizenId);
        Assert.Null(await VerifiedAtAsync(f, forged.Case.CitizenId, owner));
        Assert.False(forged.Row.AutoReplied);
        // Nor is the forged address offered to staff as evidence that the two records are one person.
        Assert.Equal(0, await f.Db(db => db.CitizenMatchSuggestions.CountAsync(x => x.NewCitizenId == forged.Case.CitizenId)));

        // The owner's next signed message still joins their own record.
        await f.SendAsync(DkimKeys.Sign(Mail.Text(owner, Par, "Altă cerere", "Bună ziua din nou."), d));
        var genuine = await f.OutcomeAsync(owner, count: 3);
        Assert.Equal(first.Citizen.Id, genuine.Case!.CitizenId);
        await Task.Delay(1000);
        Assert.Equal(2, f.Outbound.Received.Count(m => m.To.Mailboxes.Any(t => t.Address == owner)));
    }

    [Fact]
    public async Task SoftFailDomain_ForgedReplyWithCaseNumber_DoesNotJoinTheCase()
    {
        // SPF ending in ~all, as most domains publish it: the forger's server gets softfail, which is no pass.
        var d = $"f{Guid.NewGuid():N}.test";
        f.Dns.Txt(d, "v=spf1 ip4:192.0.2.1 ~all");
        f.Dns.Txt($"_dmarc.{d}", "v=DMARC1; p=quarantine");
        DkimKeys.Publish(f.Dns, d);
        var citizen = $"ion@{d}";
        await f.SendAsync(DkimKeys.Sign(Mail.Text(citizen, Par, "Cerere", "Bună ziua."), d));
        var first = await f.OutcomeAsync(citizen);

        var spoof = Mail.Text(citizen, Par, $"Re: [{first.Case!.RegistrationNumber}] Schimbare cont", "Plătiți în contul nou.");
        await f.SendAsync(spoof);
        var forged = await f.OutcomeAsync(citizen, count: 2);

        Assert.Equal(("unknown", "fail", "fail"), (forged.Row.Spf, forged.Row.Dmarc, forged.Row.SenderCheck));
        Assert.NotEqual(first.Case.Id, forged.Case!.Id);
        Assert.Equal(1, await f.Db(db => db.Interactions.CountAsync(i => i.CaseId == first.Case.Id && i.Direction == Direction.Inbound)));
    }

    [Fact]
    public async Task InteractionsApi_CarriesTheSenderCheckOnInboundEmailOnly()
    {
        var d = SigningDomain();
        var owner = $"elena@{d}";
        await f.SendAsync(DkimKeys.Sign(Mail.Text(owner, Par, "Cerere", "Bună ziua."), d));
        var first = await f.OutcomeAsync(owner);
        await f.SendAsync(Mail.Text(owner, Par, $"Re: [{first.Case!.RegistrationNumber}] Cerere", "Text fals."));
        var forged = await f.OutcomeAsync(owner, count: 2);

        using var admin = await f.Admin();
        var genuine = (await (await admin.GetAsync($"/api/v1/cases/{first.Case.Id}/interactions")).Body()).AsArray();
        var email = genuine.Single(i => i!["kind"]!.GetValue<string>() == "email" && i["direction"]!.GetValue<string>() == "inbound")!;
        Assert.Equal(("pass", "spf=fail dkim=pass dmarc=pass"), (email.Str("senderCheck"), email.Str("senderResults")));

        var flagged = (await (await admin.GetAsync($"/api/v1/cases/{forged.Case!.Id}/interactions")).Body()).AsArray();
        Assert.Equal("fail", flagged.Single(i => i!["kind"]!.GetValue<string>() == "email" && i["direction"]!.GetValue<string>() == "inbound")!.Str("senderCheck"));
        var reply = genuine.Single(i => i!["direction"]!.GetValue<string>() == "outbound")!; // the auto-reply: ours, nothing to check
        Assert.Null(reply["senderCheck"]);
        var note = flagged.Single(i => i!["kind"]!.GetValue<string>() == "note")!;
        Assert.Null(note["senderCheck"]);
        Assert.True(note.AsObject().ContainsKey("senderCheck"));
    }
}
