using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Ghiseu.Bench;

/// <summary>
/// The DNS the server's sender checks ask during the email bench, on a loopback port: the senders'
/// domain publishes SPF (this machine), a DKIM key and a DMARC record, as a citizen's mail provider
/// does, and every message is signed with that key. Each message then costs what real mail costs:
/// an SPF evaluation, a DKIM verification of its whole body, a DMARC look-up (the answers cached
/// after the first message). Every other name is NXDOMAIN; no query leaves the machine.
/// </summary>
public sealed class BenchDns : IDisposable
{
    public const string Domain = "example.ro";
    private const string Selector = "bench";
    private readonly DnsServer server;
    private readonly AsymmetricCipherKeyPair key;
    private readonly Dictionary<string, string> txt;

    public BenchDns()
    {
        var g = new RsaKeyPairGenerator();
        g.Init(new KeyGenerationParameters(new SecureRandom(), 2048));
        key = g.GenerateKeyPair();
        var publicKey = Convert.ToBase64String(SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(key.Public).GetDerEncoded());
        txt = new(StringComparer.OrdinalIgnoreCase)
        {
            [Domain] = "v=spf1 ip4:127.0.0.0/8 -all",
            [$"_dmarc.{Domain}"] = "v=DMARC1; p=reject",
            [$"{Selector}._domainkey.{Domain}"] = $"v=DKIM1; k=rsa; p={publicKey}",
        };
        using (var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0))) Port = ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
        server = new DnsServer(new UdpServerTransport(new IPEndPoint(IPAddress.Loopback, Port)));
        server.QueryReceived += AnswerAsync;
        server.Start();
    }

    public int Port { get; }

    /// <summary>Signs as the senders' provider would (relaxed/relaxed), after fixing the encodings so sending changes nothing.</summary>
    public void Sign(MimeMessage m)
    {
        m.Prepare(EncodingConstraint.SevenBit);
        new DkimSigner(key.Private, Domain, Selector)
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
        }.Sign(m, [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.MessageId]);
    }

    private Task AnswerAsync(object sender, QueryReceivedEventArgs e)
    {
        if (e.Query is not DnsMessage query || query.Questions.Count != 1) return Task.CompletedTask;
        var q = query.Questions[0];
        var response = query.CreateResponseInstance();
        if (txt.TryGetValue(q.Name.ToString().TrimEnd('.'), out var text))
        {
            response.ReturnCode = ReturnCode.NoError;
            if (q.RecordType == RecordType.Txt) response.AnswerRecords.Add(new TxtRecord(q.Name, 3600, text.Chunk(255).Select(c => new string(c))));
        }
        else response.ReturnCode = ReturnCode.NxDomain;
        e.Response = response;
        return Task.CompletedTask;
    }

    public void Dispose() => server.Stop();
}
