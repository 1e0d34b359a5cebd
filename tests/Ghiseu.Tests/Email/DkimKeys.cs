using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Ghiseu.Tests.Email;

/// <summary>A DKIM key made here (one for the run), published on a DNS peer and used to sign as a domain's mail server does.</summary>
public static class DkimKeys
{
    private static readonly Lazy<AsymmetricCipherKeyPair> Pair = new(() =>
    {
        var g = new RsaKeyPairGenerator();
        g.Init(new KeyGenerationParameters(new SecureRandom(), 2048));
        return g.GenerateKeyPair();
    });

    public const string Selector = "s1";

    /// <summary>Publishes the key as the domain's (s1._domainkey.domain TXT).</summary>
    public static void Publish(Infrastructure.DnsPeer dns, string domain) =>
        dns.Txt($"{Selector}._domainkey.{domain}",
            $"v=DKIM1; k=rsa; p={Convert.ToBase64String(SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(Pair.Value.Public).GetDerEncoded())}");

    /// <summary>Signs as the domain (relaxed/relaxed, rsa-sha256), after fixing the encodings so sending changes nothing.</summary>
    public static MimeMessage Sign(MimeMessage m, string domain)
    {
        m.Prepare(EncodingConstraint.SevenBit);
        new DkimSigner(Pair.Value.Private, domain, Selector, DkimSignatureAlgorithm.RsaSha256)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
        }.Sign(m, [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.MessageId]);
        return m;
    }

    /// <summary>The message written out and read back, as the server stores and reads it.</summary>
    public static MimeMessage RoundTrip(MimeMessage m)
    {
        using var s = new MemoryStream();
        m.WriteTo(FormatOptions.Default, s);
        s.Position = 0;
        return MimeMessage.Load(s);
    }
}
