using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Ghiseu.Features.Channels.Email;

/// <summary>Messages per sender per hour at the SMTP door; a flood is told to come back later (451), not dropped.</summary>
public sealed class SenderLimiter(IOptions<EmailOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(sender =>
        RateLimitPartition.GetFixedWindowLimiter(sender, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.Smtp.MessagesPerSenderPerHour, Window = TimeSpan.FromHours(1), QueueLimit = 0,
        }));

    public bool TryAcquire(string sender)
    {
        using var lease = limiter.AttemptAcquire(sender.Trim().ToLowerInvariant());
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();
}
