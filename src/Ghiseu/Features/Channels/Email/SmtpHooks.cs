using System.Buffers;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Ghiseu.Features.Channels.Email;

/// <summary>Decides during the session: sender rate, recipients we serve, declared size.</summary>
internal sealed class SmtpFilter(EmailRouting routing, SenderLimiter limiter, int maxBytes) : IMailboxFilter
{
    private const string DeclaredSize = "ghiseu.size";

    public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken)
    {
        if (size > maxBytes) throw TooBig(maxBytes);
        context.Properties[DeclaredSize] = size;
        if (!limiter.TryAcquire(LimiterKey(context, from)))
            throw new SmtpResponseException(new SmtpResponse((SmtpReplyCode)451, "4.7.1 Too many messages from this sender; try again later"));
        return Task.FromResult(true);
    }

    public async Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
    {
        var route = await routing.FindAsync(to.AsAddress(), cancellationToken)
            ?? throw new SmtpResponseException(new SmtpResponse((SmtpReplyCode)550, "5.1.1 No such recipient here"));
        if (route.MaxMessageBytes is { } limit && context.Properties.TryGetValue(DeclaredSize, out var s) && s is int declared && declared > limit)
            throw TooBig(limit);
        return true;
    }

    /// <summary>
    /// The sender counted by the limiter. The null reverse-path (<c>MAIL FROM:&lt;&gt;</c>) of bounces
    /// and delivery reports is no one's address: it is counted per connecting address instead.
    /// </summary>
    private static string LimiterKey(ISessionContext context, IMailbox? from) =>
        EnvelopeSender(from) ?? $"<>@{RemoteAddress(context)}";

    /// <summary>The envelope sender, or null for the null reverse-path.</summary>
    internal static string? EnvelopeSender(IMailbox? from) =>
        from is null || string.IsNullOrEmpty(from.User) ? null : from.AsAddress();

    internal static System.Net.IPAddress? RemoteAddress(ISessionContext context) =>
        context.Properties.TryGetValue(SmtpServer.Net.EndpointListener.RemoteEndPointKey, out var e) && e is System.Net.IPEndPoint ip
            ? ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address : null;

    internal static SmtpResponseException TooBig(long limit) =>
        new(new SmtpResponse((SmtpReplyCode)552, $"5.3.4 Message too big; the limit is {limit} bytes"));
}

/// <summary>Stores the message durably before the 250; a failure answers 451 so the sender retries.</summary>
internal sealed class SmtpStore(EmailRouting routing, InboundStore store, int maxBytes, ILogger log) : MessageStore
{
    public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
        ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        var recipients = transaction.To.Select(t => t.AsAddress().ToLowerInvariant()).Distinct().ToList();
        long limit = maxBytes;
        foreach (var r in recipients)
            if (await routing.FindAsync(r, cancellationToken) is { MaxMessageBytes: { } l }) limit = Math.Min(limit, l);
        if (buffer.Length > limit) return new SmtpResponse((SmtpReplyCode)552, $"5.3.4 Message too big; the limit is {limit} bytes");
        try
        {
            await using var raw = System.IO.Pipelines.PipeReader.Create(buffer).AsStream(); // no copy of the message
            var from = SmtpFilter.EnvelopeSender(transaction.From);
            var (row, duplicate) = await store.SaveAsync(raw, new InboundStore.Receipt("smtp", from, recipients,
                ClientAddress: SmtpFilter.RemoteAddress(context)?.ToString()), cancellationToken);
            return new SmtpResponse(SmtpReplyCode.Ok, duplicate ? $"2.0.0 Already have it as {row.Id}" : $"2.0.0 Queued as {row.Id}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Could not store an inbound message");
            return new SmtpResponse((SmtpReplyCode)451, "4.3.0 Could not store the message; try again later");
        }
    }
}
