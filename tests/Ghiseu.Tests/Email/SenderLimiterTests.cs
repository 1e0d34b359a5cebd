using Ghiseu.Features.Channels.Email;
using Microsoft.Extensions.Options;

namespace Ghiseu.Tests.Email;

public class SenderLimiterTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static (SenderLimiter, Clock) Limiter(int perHour)
    {
        var clock = new Clock();
        var options = new EmailOptions();
        options.Smtp.MessagesPerSenderPerHour = perHour;
        return (new SenderLimiter(Options.Create(options), clock), clock);
    }

    [Fact]
    public void TryAcquire_PerSenderHourFromTheFirstMessage()
    {
        var (limiter, clock) = Limiter(3);
        Assert.All(Enumerable.Range(0, 3), _ => Assert.True(limiter.TryAcquire("Ana@Example.ro")));
        Assert.False(limiter.TryAcquire(" ana@example.ro ")); // the same sender, however written
        Assert.True(limiter.TryAcquire("ion@example.ro"));
        clock.Now = clock.Now.AddMinutes(59);
        Assert.False(limiter.TryAcquire("ana@example.ro"));
        clock.Now = clock.Now.AddMinutes(1);
        Assert.True(limiter.TryAcquire("ana@example.ro"));
    }

    [Fact]
    public void TryAcquire_SendersWhoseHourIsOver_AreForgotten()
    {
        var (limiter, clock) = Limiter(5);
        for (var i = 0; i < 1000; i++) Assert.True(limiter.TryAcquire($"c{i}@example.ro"));
        Assert.Equal(1000, limiter.Tracked);
        clock.Now = clock.Now.AddMinutes(30);
        Assert.True(limiter.TryAcquire("late@example.ro"));
        Assert.Equal(1001, limiter.Tracked); // nobody's hour is over yet
        clock.Now = clock.Now.AddMinutes(31);
        Assert.True(limiter.TryAcquire("later@example.ro"));
        Assert.Equal(2, limiter.Tracked); // the first thousand are gone, the two recent ones stay
    }
}
