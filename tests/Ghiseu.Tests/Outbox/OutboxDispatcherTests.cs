using System.Collections.Concurrent;
using Ghiseu.Features.Outbox;
using Ghiseu.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ghiseu.Tests.Outbox;

/// <summary>A host whose background dispatcher is off, so tests drive passes themselves.</summary>
public sealed class ManualOutboxFactory : GhiseuFactory
{
    public ConcurrentDictionary<Guid, int> Calls { get; } = new();
    public ConcurrentDictionary<Guid, int> FailuresLeft { get; } = new();

    protected override int DemoCases => 0;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s =>
        {
            var hosted = s.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(OutboxDispatcher)).ToList();
            foreach (var d in hosted) s.Remove(d);
            s.AddSingleton<IOutboxHandler>(new Recorder(this));
        });
    }

    private sealed class Recorder(ManualOutboxFactory f) : IOutboxHandler
    {
        public string Type => "test.recorded";

        public async Task HandleAsync(OutboxMessage message, CancellationToken ct)
        {
            f.Calls.AddOrUpdate(message.Id, 1, (_, n) => n + 1);
            await Task.Delay(5, ct);
            if (f.FailuresLeft.TryGetValue(message.Id, out var left) && left > 0)
            {
                f.FailuresLeft[message.Id] = left - 1;
                throw new InvalidOperationException("SMTP server said 451 try later");
            }
        }
    }
}

public class OutboxDispatcherTests(ManualOutboxFactory app) : IClassFixture<ManualOutboxFactory>
{
    private OutboxDispatcher NewDispatcher() => ActivatorUtilities.CreateInstance<OutboxDispatcher>(app.Services);

    private async Task<List<Guid>> EnqueueAsync(int count, string type = "test.recorded")
    {
        var now = DateTimeOffset.UtcNow;
        var messages = Enumerable.Range(0, count).Select(_ => new OutboxMessage { Type = type, Payload = "{}", CreatedAt = now, NextAttemptAt = now.AddSeconds(-1) }).ToList();
        await app.Db(async db => { db.OutboxMessages.AddRange(messages); return await db.SaveChangesAsync(); });
        return [.. messages.Select(m => m.Id)];
    }

    [Fact]
    public async Task RunOnce_HandlerFailsThenSucceeds_RetriesWithBackoffAndRecordsError()
    {
        var id = (await EnqueueAsync(1))[0];
        app.FailuresLeft[id] = 1;
        var dispatcher = NewDispatcher();
        while (await dispatcher.RunOnceAsync(CancellationToken.None) > 0) { }
        var failed = await app.Db(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id));
        Assert.Null(failed.ProcessedAt);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("451", failed.LastError, StringComparison.Ordinal);
        Assert.True(failed.NextAttemptAt > DateTimeOffset.UtcNow.AddSeconds(3), "the retry waits for the backoff");
        Assert.Null(failed.LeasedBy);

        await app.Db(db => db.OutboxMessages.Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, DateTimeOffset.UtcNow.AddSeconds(-1))));
        while (await dispatcher.RunOnceAsync(CancellationToken.None) > 0) { }
        var done = await app.Db(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id));
        Assert.NotNull(done.ProcessedAt);
        Assert.Null(done.LastError);
        Assert.Equal(2, app.Calls[id]);
    }

    [Fact]
    public async Task RunOnce_TwoNodesAtOnce_DeliverEachMessageExactlyOnce()
    {
        var ids = await EnqueueAsync(60);
        var a = NewDispatcher();
        var b = NewDispatcher();
        async Task Drain(OutboxDispatcher d) { while (await d.RunOnceAsync(CancellationToken.None) > 0) { } }
        await Task.WhenAll(Drain(a), Drain(b), Drain(a));
        Assert.All(ids, id => Assert.Equal(1, app.Calls.GetValueOrDefault(id)));
        var pending = await app.Db(db => db.OutboxMessages.CountAsync(m => ids.Contains(m.Id) && m.ProcessedAt == null));
        Assert.Equal(0, pending);
    }

    [Fact]
    public void Backoff_GrowsAndIsCapped()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), OutboxDispatcher.Backoff(1));
        Assert.Equal(TimeSpan.FromSeconds(20), OutboxDispatcher.Backoff(3));
        Assert.Equal(TimeSpan.FromHours(1), OutboxDispatcher.Backoff(30));
    }
}
