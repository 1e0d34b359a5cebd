using System.Diagnostics;
using System.Globalization;
using Ghiseu.Features.Channels.Email;
using Ghiseu.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Ghiseu.Tests.Email;

/// <summary>SPF, DKIM and DMARC of one message, evaluated against a real DNS server on a loopback port.</summary>
public sealed class SenderAuthenticationTests : IDisposable
{
    private const string Listed = "192.0.2.10", Stranger = "198.51.100.7";
    private readonly DnsPeer dns = new();

    public void Dispose() => dns.Dispose();

    private SenderAuthenticator Authenticator(string? server = null, int timeoutMs = 5000)
    {
        var o = Options.Create(new EmailOptions
        {
            Authentication = new AuthenticationOptions { DnsServers = [server ?? $"127.0.0.1:{dns.Port.ToString(CultureInfo.InvariantCulture)}"], TimeoutMilliseconds = timeoutMs },
        });
        return new SenderAuthenticator(new DnsLookup(o, TimeProvider.System), new PublicSuffixList(["ro", "com.ro", "co.uk"]), o,
            NullLogger<SenderAuthenticator>.Instance);
    }

    private static string NewDomain() => $"d{Guid.NewGuid():N}.ro";

    private static MimeMessage Message(string from) => Mail.Text(from, "par@demo.ghiseu.ro", "Cerere", "Bună ziua, vă rog să-mi trimiteți formularul.");

    /// <summary>The stored row of a message handed in over SMTP by a client at this address with this envelope sender.</summary>
    private static InboundEmail Arrival(string client, string? envelopeFrom) =>
        new() { MessageKey = "k", Sha256 = "s", Source = "smtp", ClientAddress = client, EnvelopeFrom = envelopeFrom };

    private void Publish(string domain, string spf, string? dmarc)
    {
        dns.Txt(domain, spf);
        if (dmarc is not null) dns.Txt($"_dmarc.{domain}", dmarc);
    }

    [Fact]
    public async Task Check_SpfPassAligned_PassesButDoesNotProveTheAddress()
    {
        var d = NewDomain();
        Publish(d, "v=spf1 ip4:192.0.2.0/24 -all", "v=DMARC1; p=reject");
        var r = await Authenticator().CheckAsync(Message($"ana@{d}"), Arrival(Listed, $"bounces@{d}"), default);
        Assert.Equal(("pass", "none", "pass", "pass"), (r.Spf, r.Dkim, r.Dmarc, r.Check));
        Assert.False(r.SenderAuthenticated); // SPF alone: every customer of a shared host passes it
    }

    [Fact]
    public async Task Check_SpfFailsUnderDmarcPolicyNone_Fails()
    {
        var d = NewDomain();
        Publish(d, "v=spf1 ip4:192.0.2.0/24 -all", "v=DMARC1; p=none");
        var r = await Authenticator().CheckAsync(Message($"ana@{d}"), Arrival(Stranger, $"ana@{d}"), default);
        Assert.Equal(("fail", "none", "fail", "fail"), (r.Spf, r.Dkim, r.Dmarc, r.Check));
    }

    [Fact]
    public async Task Check_SpfOfTheForgersOwnDomainPasses_DmarcFailsForLackOfAlignment()
    {
        var (d, forger) = (NewDomain(), NewDomain());
        Publish(d, "v=spf1 -all", "v=DMARC1; p=quarantine");
        dns.Txt(forger, "v=spf1 ip4:198.51.100.0/24 -all");
        var r = await Authenticator().CheckAsync(Message($"ana@{d}"), Arrival(Stranger, $"x@{forger}"), default);
        Assert.Equal(("pass", "fail", "fail"), (r.Spf, r.Dmarc, r.Check));
    }

    [Fact]
    public async Task Check_IncludeAndRedirect_AreFollowed()
    {
        var (d, provider, policy) = (NewDomain(), NewDomain(), NewDomain());
        dns.Txt(provider, "v=spf1 ip4:198.51.100.0/24 -all");
        dns.Txt(policy, $"v=spf1 include:{provider} -all");
        Publish(d, $"v=spf1 redirect={policy}", "v=DMARC1; p=reject");
        var r = await Authenticator().CheckAsync(Message($"ana@{d}"), Arrival(Stranger, $"ana@{d}"), default);
        Assert.Equal(("pass", "pass"), (r.Spf, r.Check));
    }

    [Fact]
    public async Task Check_MoreThanTenLookups_IsNoPass_DmarcFails()
    {
        var d = NewDomain();
        var chain = Enumerable.Range(0, 12).Select(_ => NewDomain()).ToList();
        for (var i = 0; i < chain.Count - 1; i++) dns.Txt(chain[i], $"v=spf1 include:{chain[i + 1]} -all");
        dns.Txt(chain[^1], "v=spf1 ip4:198.51.100.0/24 -all");
        Publish(d, $"v=spf1 include:{chain[0]} -all", "v=DMARC1; p=reject");
        var r = await Authenticator().CheckAsync(Message($"ana@{d}"), Arrival(Stranger, $"ana@{d}"), default);
        // permerror is the domain's own answer, not a DNS outage: no pass, so DMARC fails.
        Assert.Equal(("unknown", "fail", "fail"), (r.Spf, r.Dmarc, r.Check));
    }

    [Theory]
    [InlineData("~all")]
    [InlineData("?all")]
    public async Task Check_SoftFailOrNeutralUnderDmarc_Fails(string all)
    {
        // Most domains end their SPF in ~all: a forger's server gets softfail, which proves nothing, so DMARC fails.
        var d = NewDomain();
        Publish(d, $"v=spf1 ip4:192.0.2.0/24 {all}", "v=DMARC1; p=reject");
        var r = await Authenticator().CheckAsync(Message($"ana@{d}"), Arrival(Stranger, $"ana@{d}"), default);
        Assert.Equal(("unknown", "fail", "fail"), (r.Spf, r.Dmarc, r.Check));
    }

    [Fact]
    public async Task Check_AlignedDkimSignature_PassesDespiteSpf_AndProvesTheAddress()
    {
        var d = NewDomain();
        Publish(d, "v=spf1 -all", "v=DMARC1; p=reject; adkim=s");
        DkimKeys.Publish(dns, d);
        var m = DkimKeys.RoundTrip(DkimKeys.Sign(Message($"ana@{d}"), d));
        var r = await Authenticator().CheckAsync(m, Arrival(Stranger, $"fwd@{NewDomain()}"), default);
        Assert.Equal(("pass", "pass", "pass"), (r.Dkim, r.Dmarc, r.Check));
        Assert.True(r.SenderAuthenticated);
    }

    [Fact]
    public async Task Check_AlteredSignedBody_FailsDkim()
    {
        var d = NewDomain();
        Publish(d, "v=spf1 -all", "v=DMARC1; p=reject");
        DkimKeys.Publish(dns, d);
        var signed = DkimKeys.Sign(Message($"ana@{d}"), d);
        Assert.IsType<TextPart>(signed.Body).Text = "Transferați banii în contul meu.";
        var r = await Authenticator().CheckAsync(DkimKeys.RoundTrip(signed), Arrival(Stranger, $"ana@{d}"), default);
        Assert.Equal(("fail", "fail", "fail"), (r.Dkim, r.Dmarc, r.Check));
        Assert.False(r.SenderAuthenticated);
    }

    [Fact]
    public async Task Check_SignatureOfAnotherDomain_IsNotAligned()
    {
        var (d, other) = (NewDomain(), NewDomain());
        Publish(d, "v=spf1 -all", "v=DMARC1; p=reject");
        DkimKeys.Publish(dns, other);
        var m = DkimKeys.RoundTrip(DkimKeys.Sign(Message($"ana@{d}"), other));
        var r = await Authenticator().CheckAsync(m, Arrival(Stranger, $"ana@{d}"), default);
        Assert.Equal(("pass", "fail", "fail"), (r.Dkim, r.Dmarc, r.Check));
        Assert.False(r.SenderAuthenticated);
    }

    [Fact]
    public async Task Check_RelaxedAlignment_TakesSubdomainsOfTheOrganizationalDomain()
    {
        var d = NewDomain();
        Publish($"mail.{d}", "v=spf1 ip4:192.0.2.10 -all", null);
        dns.Txt($"_dmarc.{d}", "v=DMARC1; p=reject");
        var r = await Authenticator().CheckAsync(Message($"ana@news.{d}"), Arrival(Listed, $"b@mail.{d}"), default);
        Assert.Equal(("pass", "pass"), (r.Dmarc, r.Check));
    }

    [Fact]
    public async Task Check_RegistrantsUnderAPublicSuffix_DoNotAlign()
    {
        // primarie….com.ro and another registrant under com.ro: the last two labels are the same, the owners are not.
        var (victim, forger) = ($"primarie{Guid.NewGuid():N}.com.ro", $"x{Guid.NewGuid():N}.com.ro");
        Publish(victim, "v=spf1 -all", "v=DMARC1; p=reject");
        DkimKeys.Publish(dns, forger);
        DkimKeys.Publish(dns, $"mail.{victim}");
        var forged = await Authenticator().CheckAsync(DkimKeys.RoundTrip(DkimKeys.Sign(Message($"ana@{victim}"), forger)), Arrival(Stranger, null), default);
        var own = await Authenticator().CheckAsync(DkimKeys.RoundTrip(DkimKeys.Sign(Message($"ana@{victim}"), $"mail.{victim}")), Arrival(Stranger, null), default);
        Assert.Equal(("pass", "fail"), (forged.Dkim, forged.Dmarc));
        Assert.Equal(("pass", "pass"), (own.Dkim, own.Dmarc));
        Assert.True(own.SenderAuthenticated);
    }

    [Fact]
    public async Task Check_NullReversePath_SpfNone_DkimStillCounts()
    {
        var d = NewDomain();
        Publish(d, "v=spf1 -all", "v=DMARC1; p=reject");
        DkimKeys.Publish(dns, d);
        var r = await Authenticator().CheckAsync(DkimKeys.RoundTrip(DkimKeys.Sign(Message($"ana@{d}"), d)), Arrival(Stranger, null), default);
        Assert.Equal(("none", "pass", "pass", "pass"), (r.Spf, r.Dkim, r.Dmarc, r.Check));
    }

    [Fact]
    public async Task Check_NoDmarc_SpfHardFailFails_NothingPublishedIsNone()
    {
        var (d, bare) = (NewDomain(), NewDomain());
        dns.Txt(d, "v=spf1 ip4:192.0.2.0/24 -all");
        var a = Authenticator();
        var failed = await a.CheckAsync(Message($"ana@{d}"), Arrival(Stranger, $"ana@{d}"), default);
        var none = await a.CheckAsync(Message($"ana@{bare}"), Arrival(Stranger, $"ana@{bare}"), default);
        Assert.Equal(("fail", "none", "fail"), (failed.Spf, failed.Dmarc, failed.Check));
        Assert.Equal(("none", "none", "none"), (none.Spf, none.Dmarc, none.Check));
    }

    [Fact]
    public async Task Check_AnswersAreCached()
    {
        var d = NewDomain();
        Publish(d, "v=spf1 ip4:192.0.2.0/24 -all", "v=DMARC1; p=reject");
        var a = Authenticator();
        await a.CheckAsync(Message($"ana@{d}"), Arrival(Listed, $"ana@{d}"), default);
        var before = dns.Queries;
        await a.CheckAsync(Message($"ion@{d}"), Arrival(Listed, $"ion@{d}"), default);
        Assert.Equal(before, dns.Queries);
    }

    [Fact]
    public async Task Check_DnsUnreachable_LaterChecksDoNotWaitAgain()
    {
        var a = Authenticator($"127.0.0.1:{DnsPeer.FreeUdpPort().ToString(CultureInfo.InvariantCulture)}", timeoutMs: 300);
        var d = NewDomain();
        var first = await a.CheckAsync(Message($"ana@{d}"), Arrival(Stranger, $"ana@{d}"), default);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++) await a.CheckAsync(Message($"ana@{d}"), Arrival(Stranger, $"ana@{d}"), default);
        Assert.Equal(("unknown", "unknown"), (first.Spf, first.Check));
        Assert.True(clock.ElapsedMilliseconds < 300, $"20 checks while the resolver is known to be silent took {clock.ElapsedMilliseconds} ms");
    }
}
