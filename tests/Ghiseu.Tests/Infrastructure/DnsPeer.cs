using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;

namespace Ghiseu.Tests.Infrastructure;

/// <summary>A real DNS server on a loopback UDP port that answers TXT questions from the records it is given.</summary>
public sealed class DnsPeer : IDisposable
{
    private readonly DnsServer server;
    private readonly ConcurrentDictionary<string, List<string>> txt = new(StringComparer.OrdinalIgnoreCase);

    public int Port { get; }
    public int Queries => queries;
    private int queries;

    public DnsPeer()
    {
        Port = FreeUdpPort();
        server = new DnsServer(new UdpServerTransport(new IPEndPoint(IPAddress.Loopback, Port)));
        server.QueryReceived += Answer;
        server.Start();
    }

    /// <summary>Publishes a TXT record (long ones split into 255-byte strings, as DNS requires).</summary>
    public void Txt(string name, string text) => txt.AddOrUpdate(name.TrimEnd('.'), [text], (_, l) => [.. l, text]);

    private Task Answer(object sender, QueryReceivedEventArgs e)
    {
        Interlocked.Increment(ref queries);
        if (e.Query is not DnsMessage query || query.Questions.Count != 1) return Task.CompletedTask;
        var q = query.Questions[0];
        var response = query.CreateResponseInstance();
        response.ReturnCode = ReturnCode.NoError;
        var name = q.Name.ToString().TrimEnd('.');
        if (txt.TryGetValue(name, out var records))
        {
            if (q.RecordType == RecordType.Txt)
                foreach (var r in records) response.AnswerRecords.Add(new TxtRecord(q.Name, 300, r.Chunk(255).Select(c => new string(c))));
        }
        else response.ReturnCode = ReturnCode.NxDomain;
        e.Response = response;
        return Task.CompletedTask;
    }

    public static int FreeUdpPort()
    {
        using var u = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)u.Client.LocalEndPoint!).Port;
    }

    public void Dispose() => server.Stop();
}
