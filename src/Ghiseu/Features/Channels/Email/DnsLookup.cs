using System.Collections.Concurrent;
using System.Net;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Options;

namespace Ghiseu.Features.Channels.Email;

/// <summary>A DNS question that got no usable answer (timeout, server failure): a temporary error, never a "no".</summary>
public sealed class DnsTemporaryException(string name) : Exception($"No DNS answer for {name}.");

/// <summary>
/// The DNS of the sender checks, with a cache: answers are kept for their TTL but at most an hour,
/// "no such record" for five minutes, and a failure for half a minute, so an unreachable resolver
/// costs one timeout per name and half minute, not one per message. Concurrent questions for the
/// same name share one query.
/// </summary>
public sealed class DnsLookup : IDnsResolver
{
    private static readonly TimeSpan MaxTtl = TimeSpan.FromHours(1), MinTtl = TimeSpan.FromSeconds(10),
        NegativeTtl = TimeSpan.FromMinutes(5), FailureTtl = TimeSpan.FromSeconds(30);
    private const int MaxEntries = 50_000;

    private sealed class Entry(DateTimeOffset expires)
    {
        public DateTimeOffset Expires = expires; // moved on to the TTL once the answer is in
        public Task<List<DnsRecordBase>> Answer = Task.FromResult(new List<DnsRecordBase>());
    }

    private readonly ConcurrentDictionary<(string, RecordType), Entry> cache = new();
    private readonly DnsClient client;
    private readonly TimeProvider clock;

    public DnsLookup(IOptions<EmailOptions> options, TimeProvider clock)
    {
        this.clock = clock;
        var o = options.Value.Authentication;
        var servers = new List<IPAddress>();
        var port = 53;
        foreach (var s in o.DnsServers.Where(s => !string.IsNullOrWhiteSpace(s)))
        {
            var ep = IPEndPoint.Parse(s.Trim());
            servers.Add(ep.Address);
            if (ep.Port != 0) port = ep.Port;
        }
        if (servers.Count == 0) servers.AddRange(DnsClient.GetLocalConfiguredDnsServers());
        client = new DnsClient(servers, [new UdpClientTransport(port), new TcpClientTransport(port)], false, o.TimeoutMilliseconds);
    }

    /// <summary>TXT strings of a name (each record's parts joined); empty when there are none.</summary>
    /// <exception cref="DnsTemporaryException">No answer.</exception>
    public async Task<List<string>> TxtAsync(string name, CancellationToken ct) =>
        [.. (await ResolveAsync<TxtRecord>(DomainName.Parse(name), RecordType.Txt, RecordClass.INet, ct)).Select(t => t.TextData)];

    public async Task<List<T>> ResolveAsync<T>(DomainName name, RecordType recordType = RecordType.A, RecordClass recordClass = RecordClass.INet,
        CancellationToken token = default) where T : DnsRecordBase
    {
        var key = (name.ToString().ToLowerInvariant(), recordType);
        var now = clock.GetUtcNow();
        if (!cache.TryGetValue(key, out var entry) || entry.Expires <= now)
        {
            if (cache.Count > MaxEntries) cache.Clear(); // a flood of invented domains must not grow memory without end
            var fresh = new Entry(now + FailureTtl);
            fresh.Answer = QueryAsync(fresh, name, recordType);
            entry = entry is null ? cache.GetOrAdd(key, fresh) : cache.TryUpdate(key, fresh, entry) ? fresh : cache.GetValueOrDefault(key, fresh);
        }
        var records = await entry.Answer.WaitAsync(token);
        return [.. records.OfType<T>()];
    }

    private async Task<List<DnsRecordBase>> QueryAsync(Entry entry, DomainName name, RecordType type)
    {
        await Task.Yield(); // the entry is in the cache before the question leaves
        DnsMessage? answer;
        try { answer = await client.ResolveAsync(name, type, RecordClass.INet, null, CancellationToken.None); }
        catch (Exception e) when (e is not OutOfMemoryException) { answer = null; } // whatever went wrong, the answer is "don't know"
        if (answer is null || answer.ReturnCode is not (ReturnCode.NoError or ReturnCode.NxDomain))
            throw new DnsTemporaryException(name.ToString());
        var records = answer.AnswerRecords.Where(r => r.RecordType == type && r.Name.Equals(name)).ToList();
        var ttl = records.Count == 0 ? NegativeTtl
            : TimeSpan.FromSeconds(Math.Clamp(records.Min(r => r.TimeToLive), (int)MinTtl.TotalSeconds, (int)MaxTtl.TotalSeconds));
        entry.Expires = clock.GetUtcNow() + ttl;
        return records;
    }

    public List<T> Resolve<T>(DomainName name, RecordType recordType = RecordType.A, RecordClass recordClass = RecordClass.INet) where T : DnsRecordBase =>
        ResolveAsync<T>(name, recordType, recordClass).GetAwaiter().GetResult();

    public void ClearCache() => cache.Clear();

    public void Dispose() { } // the client keeps no connection open between questions
}
