using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Spf;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace Ghiseu.Features.Channels.Email;

/// <summary>
/// Checks who really sent a message: SPF of the envelope sender for the connecting address (SMTP only),
/// DKIM signatures (MimeKit's verifier, keys from DNS), and DMARC alignment of the From domain with
/// them (RFC 7489). DNS that does not answer makes a check "unknown", never "fail".
/// </summary>
public sealed class SenderAuthenticator(DnsLookup dns, PublicSuffixList suffixes, IOptions<EmailOptions> options, ILogger<SenderAuthenticator> log)
{
    private const string Pass = SenderAuthentication.Pass, Fail = SenderAuthentication.Fail,
        Unknown = SenderAuthentication.Unknown, None = SenderAuthentication.None;

    /// <summary>An SPF result; <paramref name="Temporary"/> when DNS did not answer (softfail, neutral and permerror are answers).</summary>
    private sealed record Spf(string Result, string? Domain, bool Temporary);

    public async Task<SenderAuthentication> CheckAsync(MimeMessage m, InboundEmail row, CancellationToken ct)
    {
        if (!options.Value.Authentication.Enabled) return SenderAuthentication.NotChecked;
        var from = m.From.Mailboxes.FirstOrDefault()?.Domain?.ToLowerInvariant();
        var spf = await SpfAsync(row, ct);
        var (dkim, dkimDomains, dkimTemporary) = await DkimAsync(m, ct);
        if (string.IsNullOrEmpty(from)) return new(spf.Result, dkim, None, SenderAuthentication.Sum(spf.Result, dkim, None, false));
        var policy = await DmarcPolicyAsync(from, ct);
        var spfAligned = spf.Result == Pass && spf.Domain is not null && suffixes.Aligned(spf.Domain, from, policy?.StrictSpf == true);
        var dkimAligned = dkimDomains.Any(d => suffixes.Aligned(d, from, policy?.StrictDkim == true));
        var dmarc = policy switch
        {
            null => None,
            { Temporary: true } => Unknown,
            _ when spfAligned || dkimAligned => Pass,
            // Only a check DNS kept from being made might have passed. Softfail, neutral and permerror
            // are the domain's own answers, not passes: DMARC fails on them (RFC 7489 section 4.2).
            _ when spf.Temporary || dkimTemporary => Unknown,
            _ => Fail,
        };
        return new(spf.Result, dkim, dmarc, SenderAuthentication.Sum(spf.Result, dkim, dmarc, spfAligned || dkimAligned)) { DkimAligned = dkimAligned };
    }

    private async Task<Spf> SpfAsync(InboundEmail row, CancellationToken ct)
    {
        if (row.Source != "smtp" || !IPAddress.TryParse(row.ClientAddress, out var ip)) return new(None, null, false);
        var sender = row.EnvelopeFrom;
        var domain = sender?[(sender.LastIndexOf('@') + 1)..];
        if (string.IsNullOrEmpty(domain)) return new(None, null, false); // the null reverse-path: RFC 7208 would check the HELO name, which is not kept
        try
        {
            var validator = new SpfValidator { DnsResolver = dns, DnsLookupLimit = 10 };
            var result = await validator.CheckHostAsync(ip, DomainName.Parse(domain), sender!, false, ct);
            return result.Result switch
            {
                SpfQualifier.Pass => new(Pass, domain, false),
                SpfQualifier.Fail => new(Fail, domain, false),
                SpfQualifier.None => new(None, domain, false),
                SpfQualifier.TempError => new(Unknown, domain, true),
                _ => new(Unknown, domain, false), // softfail, neutral, permerror: no proof either way
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogDebug(e, "SPF check of {Domain} failed", domain);
            return new(Unknown, domain, true);
        }
    }

    private async Task<(string, List<string>, bool)> DkimAsync(MimeMessage m, CancellationToken ct)
    {
        var signatures = m.Headers.Where(h => h.Id == HeaderId.DkimSignature).Take(5).ToList();
        if (signatures.Count == 0) return (None, [], false);
        var verifier = new DkimVerifier(new DnsKeyLocator(dns));
        var passed = new List<string>();
        var temporary = false;
        foreach (var h in signatures)
        {
            try
            {
                if (await verifier.VerifyAsync(FormatOptions.Default, m, h, ct) && Tag(h.Value, "d") is { } d) passed.Add(d.ToLowerInvariant());
            }
            catch (DnsTemporaryException) { temporary = true; }
            catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException or InvalidOperationException
                or InvalidCipherTextException or KeyNotFoundException) { } // a broken signature or key: not a pass
        }
        return (passed.Count > 0 ? Pass : temporary ? Unknown : Fail, passed, temporary);
    }

    private sealed record DmarcPolicy(bool StrictSpf, bool StrictDkim, bool Temporary);

    /// <summary>The domain's DMARC record, else its organizational domain's; null when neither has one.</summary>
    private async Task<DmarcPolicy?> DmarcPolicyAsync(string domain, CancellationToken ct)
    {
        try
        {
            var record = await DmarcRecordAsync(domain, ct);
            var org = suffixes.OrganizationalDomain(domain);
            if (record is null && org != domain) record = await DmarcRecordAsync(org, ct);
            return record is null ? null : new DmarcPolicy(Tag(record, "aspf") == "s", Tag(record, "adkim") == "s", false);
        }
        catch (DnsTemporaryException) { return new DmarcPolicy(false, false, true); }
    }

    private async Task<string?> DmarcRecordAsync(string domain, CancellationToken ct) =>
        (await dns.TxtAsync($"_dmarc.{domain}", ct)).FirstOrDefault(t => t.TrimStart().StartsWith("v=DMARC1", StringComparison.OrdinalIgnoreCase));

    /// <summary>One tag of a "k=v; k=v" list (DKIM-Signature, DMARC record).</summary>
    internal static string? Tag(string list, string name)
    {
        foreach (var part in list.Split(';'))
        {
            var i = part.IndexOf('=', StringComparison.Ordinal);
            if (i > 0 && part[..i].Trim().Equals(name, StringComparison.OrdinalIgnoreCase)) return part[(i + 1)..].Trim();
        }
        return null;
    }

    /// <summary>DKIM public keys from DNS TXT records at selector._domainkey.domain.</summary>
    private sealed class DnsKeyLocator(DnsLookup dns) : DkimPublicKeyLocatorBase
    {
        public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            LocatePublicKeyAsync(methods, domain, selector, cancellationToken).GetAwaiter().GetResult();

        public override async Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector,
            CancellationToken cancellationToken = default)
        {
            if (!methods.Split(':').Any(x => x.Trim().Equals("dns/txt", StringComparison.OrdinalIgnoreCase)))
                throw new NotSupportedException($"No supported key method in {methods}.");
            var txt = await dns.TxtAsync($"{selector}._domainkey.{domain}", cancellationToken);
            var record = txt.FirstOrDefault(t => t.Contains("p=", StringComparison.Ordinal))
                ?? throw new KeyNotFoundException($"No DKIM key {selector}._domainkey.{domain}.");
            return GetPublicKey(record);
        }
    }
}
