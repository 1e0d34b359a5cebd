using Ghiseu.Features.Background;
using Ghiseu.Features.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ghiseu.Tests.Background;

public class BackgroundWorkTests(BackgroundFactory app) : IClassFixture<BackgroundFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static NodeIdentity Node(string name) =>
        new(new ConfigurationBuilder().AddInMemoryCollection([new(NodeIdentity.NameKey, name)]).Build());

    private JobRunner Runner(string node, params IScheduledJob[] jobs) => new(jobs, app.Services.GetRequiredService<IDbContextFactory<Ghiseu.Data.GhiseuDb>>(),
        Node(node), TimeProvider.System, app.Services.GetRequiredService<IConfiguration>(), NullLogger<JobRunner>.Instance);

    private static async Task Until(Func<bool> done, string what)
    {
        var end = DateTime.UtcNow + Patience;
        while (!done())
        {
            Assert.True(DateTime.UtcNow < end, $"waited {Patience.TotalSeconds} s for: {what}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task AJob_RunsAgainAndAgain_OnItsInterval()
    {
        await Until(() => app.Counting.Runs >= 3, "three runs of the counting job");
        var row = await app.Db(db => db.JobLeases.AsNoTracking().SingleAsync(j => j.Name == "test.counting"));
        Assert.True(row.Runs >= 3);
        Assert.Null(row.LastError);
    }

    [Fact]
    public async Task TwoNodes_RunAJob_OneAtATime()
    {
        var together = new TestJob.Shared();
        var (a, b) = (new TestJob("test.two-nodes", together), new TestJob("test.two-nodes", together));
        using var stop = new CancellationTokenSource();
        var (ra, rb) = (Runner("two-a", a), Runner("two-b", b));
        await ra.StartAsync(stop.Token);
        await rb.StartAsync(stop.Token);
        await Until(() => a.Runs + b.Runs >= 12, "twelve runs between the two nodes");
        await stop.CancelAsync();
        await Task.WhenAll(ra.StopAsync(CancellationToken.None), rb.StopAsync(CancellationToken.None));
        Assert.Equal(1, together.MostAtOnce);
    }

    [Fact]
    public async Task ANodeKilledMidRun_HandsTheJobOver_WhenItsLeaseEnds()
    {
        // What a killed node leaves behind: the job's row, leased to it for a while yet.
        var leaseEnds = DateTimeOffset.UtcNow.AddSeconds(3);
        await app.Db(async db =>
        {
            db.JobLeases.Add(new JobLease { Name = "test.handover", LeasedBy = "killed-node/0123456789ab/run", LeaseUntil = leaseEnds, NextRunAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
            return await db.SaveChangesAsync();
        });
        app.Handover.Enabled = true;
        await Until(() => app.Handover.Runs >= 1, "the surviving node to run the job");
        Assert.True(app.Handover.FirstRunAt >= leaseEnds.AddMilliseconds(-100), "nobody runs a job while another node's lease lasts");
    }

    [Fact]
    public async Task ARestartedNode_TakesBackItsOwnLeases_AtOnce()
    {
        // Left by this node's previous run (killed): far from ending. And another node's, which stays.
        var previous = $"{app.NodeName}/0123456789ab/pass";
        var far = DateTimeOffset.UtcNow.AddMinutes(10);
        var mine = new OutboxMessage { Type = "test.none", Payload = "{}", CreatedAt = DateTimeOffset.UtcNow, NextAttemptAt = DateTimeOffset.UtcNow.AddHours(1), LeasedBy = previous, LeaseUntil = far };
        var theirs = new OutboxMessage { Type = "test.none", Payload = "{}", CreatedAt = DateTimeOffset.UtcNow, NextAttemptAt = DateTimeOffset.UtcNow.AddHours(1), LeasedBy = "other-node/0123456789ab/pass", LeaseUntil = far };
        var mail = new Ghiseu.Features.Channels.Email.InboundEmail
        {
            MessageKey = $"restart-{Guid.NewGuid():N}", Sha256 = new string('0', 64), Source = "smtp", ReceivedAt = DateTimeOffset.UtcNow,
            State = Ghiseu.Features.Channels.Email.InboundState.Pending, NextAttemptAt = DateTimeOffset.UtcNow.AddHours(1), LeasedBy = previous, LeaseUntil = far,
        };
        await app.Db(async db =>
        {
            db.OutboxMessages.AddRange(mine, theirs);
            db.InboundEmails.Add(mail);
            db.JobLeases.Add(new JobLease { Name = "test.restart", LeasedBy = previous, LeaseUntil = far, NextRunAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
            return await db.SaveChangesAsync();
        });

        await ActivatorUtilities.CreateInstance<LeaseRecovery>(app.Services).StartAsync(CancellationToken.None);

        var rows = await app.Db(db => db.OutboxMessages.AsNoTracking().Where(m => m.Id == mine.Id || m.Id == theirs.Id).ToDictionaryAsync(m => m.Id));
        Assert.Null(rows[mine.Id].LeasedBy);
        Assert.Null(rows[mine.Id].LeaseUntil);
        Assert.Equal("other-node/0123456789ab/pass", rows[theirs.Id].LeasedBy);
        Assert.Null(await app.Db(db => db.InboundEmails.Where(m => m.Id == mail.Id).Select(m => m.LeasedBy).FirstAsync()));
        app.Restart.Enabled = true;
        await Until(() => app.Restart.Runs >= 1, "the restarted node to run its job again");
    }

    [Fact]
    public async Task ARunThatLosesItsLease_IsCancelled()
    {
        app.Blocking.Enabled = true;
        await app.Blocking.Started.Task.WaitAsync(Patience);
        app.Blocking.Enabled = false;
        // Another node took the job (the lease ran out while this one stalled).
        await app.Db(db => db.JobLeases.Where(j => j.Name == "test.blocking")
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeasedBy, "other-node/0123456789ab/pass")));
        await app.Blocking.Cancelled.Task.WaitAsync(Patience);
        var row = await app.Db(db => db.JobLeases.AsNoTracking().SingleAsync(j => j.Name == "test.blocking"));
        Assert.Equal("other-node/0123456789ab/pass", row.LeasedBy);
    }

    /// <summary>A database that becomes unreachable on demand, for this runner only.</summary>
    private sealed class FailingFactory(IDbContextFactory<Ghiseu.Data.GhiseuDb> inner) : IDbContextFactory<Ghiseu.Data.GhiseuDb>
    {
        public volatile bool Down;
        public Ghiseu.Data.GhiseuDb CreateDbContext() => Down ? throw new InvalidOperationException("database unreachable") : inner.CreateDbContext();
    }

    [Fact]
    public async Task ARunThatCannotRenewItsLease_IsCancelledBeforeTheLeaseRunsOut()
    {
        var job = new TestJob("test.unrenewable") { BlockUntilCancelled = true };
        var factory = new FailingFactory(app.Services.GetRequiredService<IDbContextFactory<Ghiseu.Data.GhiseuDb>>());
        var runner = new JobRunner([job], factory, Node("unrenewable"), TimeProvider.System,
            app.Services.GetRequiredService<IConfiguration>(), NullLogger<JobRunner>.Instance);
        using var stop = new CancellationTokenSource();
        await runner.StartAsync(stop.Token);
        await job.Started.Task.WaitAsync(Patience);
        var leaseEnds = (await app.Db(db => db.JobLeases.AsNoTracking().SingleAsync(j => j.Name == "test.unrenewable"))).LeaseUntil!.Value;
        factory.Down = true;
        await job.Cancelled.Task.WaitAsync(Patience);
        // Cancelled while its lease still held: no other node could have started the job meanwhile.
        Assert.True(job.CancelledAt < leaseEnds, $"cancelled at {job.CancelledAt:O}, lease ended {leaseEnds:O}");
        factory.Down = false;
        await stop.CancelAsync();
        await runner.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ANodeName_IsHeldByOneLiveProcessAtATime()
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<Ghiseu.Data.GhiseuDb>>();
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Ghiseu.Data.GhiseuOptions>>();
        var name = $"twin-{Guid.NewGuid():N}"[..20];
        await using var first = new NodeNameLock(Node(name), factory, options);
        await using var twin = new NodeNameLock(Node(name), factory, options);
        await using var other = new NodeNameLock(Node(name + "x"), factory, options);
        Assert.True(await first.TryTakeAsync(CancellationToken.None));
        Assert.False(await twin.TryTakeAsync(CancellationToken.None));
        Assert.True(await other.TryTakeAsync(CancellationToken.None));
        await first.DisposeAsync(); // the process ends
        Assert.True(await twin.TryTakeAsync(CancellationToken.None));
    }

    [Fact]
    public void FailedRuns_WaitLongerEachTime_UpToFiveMinutes()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), JobRunner.Backoff(1));
        Assert.Equal(TimeSpan.FromSeconds(20), JobRunner.Backoff(3));
        Assert.Equal(TimeSpan.FromMinutes(5), JobRunner.Backoff(30));
    }

    [Theory]
    [InlineData("consulat paris.local", "consulat-paris.local")]
    [InlineData("", "node")]
    public void DefaultNames_AreSafeInALease(string machine, string expected) => Assert.Equal(expected, NodeIdentity.DefaultName(machine));

    [Fact]
    public void ABadNodeName_StopsTheStart()
    {
        Assert.Throws<InvalidOperationException>(() => Node("a/b"));
        Assert.Throws<InvalidOperationException>(() => Node(new string('n', 41)));
        var node = Node("alpha");
        Assert.True(node.IsEarlierRun("alpha/0123456789ab/x"));
        Assert.False(node.IsEarlierRun(node.NewHolder()));
        Assert.False(node.IsEarlierRun("alphabet/0123456789ab/x"));
    }
}
