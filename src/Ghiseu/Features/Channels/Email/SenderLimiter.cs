using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Ghiseu.Features.Channels.Email;

/// <summary>
/// Messages per sender per hour at the SMTP door; a flood is told to come back later (451), not dropped.
/// One counter per sender, its hour starting with the sender's first message. Expired counters are
/// swept once a minute: a partitioned rate limiter of the framework visits every sender it knows ten
/// times a second, and mail from tens of thousands of new senders an hour made that sweep a steady
/// share of the CPU (and anyone can invent sender addresses).
/// </summary>
public sealed class SenderLimiter(IOptions<EmailOptions> options, TimeProvider clock)
{
    private static readonly long Hour = TimeSpan.FromHours(1).Ticks;
    private static readonly long SweepEvery = TimeSpan.FromMinutes(1).Ticks;

    private sealed class Window(long start)
    {
        public long Start = start;
        public int Count;
    }

    private readonly ConcurrentDictionary<string, Window> windows = new(StringComparer.Ordinal);
    private long nextSweep;

    /// <summary>Senders counted now.</summary>
    internal int Tracked => windows.Count;

    public bool TryAcquire(string sender)
    {
        var now = clock.GetUtcNow().UtcTicks;
        Sweep(now);
        var w = windows.GetOrAdd(sender.Trim().ToLowerInvariant(), static (_, t) => new Window(t), now);
        lock (w)
        {
            if (now - w.Start >= Hour) (w.Start, w.Count) = (now, 0);
            if (w.Count >= options.Value.Smtp.MessagesPerSenderPerHour) return false;
            w.Count++;
            return true;
        }
    }

    /// <summary>Senders whose hour is over are forgotten; one caller a minute does it.</summary>
    private void Sweep(long now)
    {
        var due = Interlocked.Read(ref nextSweep);
        if (now < due || Interlocked.CompareExchange(ref nextSweep, now + SweepEvery, due) != due) return;
        foreach (var (sender, w) in windows)
        {
            bool expired;
            lock (w) expired = now - w.Start >= Hour;
            if (expired) windows.TryRemove(KeyValuePair.Create(sender, w));
        }
    }
}
