using Ghiseu.Features.Background;
using Ghiseu.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Ghiseu.Tests.Background;

/// <summary>A host with a node name of its own, short leases, and test jobs its runner runs.</summary>
public sealed class BackgroundFactory : GhiseuFactory
{
    public string NodeName { get; } = $"node-{Guid.NewGuid():N}"[..20];

    public TestJob Counting { get; } = new("test.counting");
    public TestJob Blocking { get; } = new("test.blocking") { Enabled = false, BlockUntilCancelled = true };
    public TestJob Handover { get; } = new("test.handover") { Enabled = false };
    public TestJob Restart { get; } = new("test.restart") { Enabled = false };

    protected override int DemoCases => 0;

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new(NodeIdentity.NameKey, NodeName), new("Ghiseu:Background:LeaseSeconds", "3")];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s =>
        {
            foreach (var job in new[] { Counting, Blocking, Handover, Restart }) s.AddSingleton<IScheduledJob>(job);
        });
    }
}

/// <summary>A job that records its runs; jobs of one name on several runners share <see cref="Together"/>.</summary>
public sealed class TestJob(string name, TestJob.Shared? together = null) : IScheduledJob
{
    public sealed class Shared
    {
        private int running, most;

        public int MostAtOnce => most;

        public void Enter()
        {
            var now = Interlocked.Increment(ref running);
            int seen;
            while (now > (seen = most) && Interlocked.CompareExchange(ref most, now, seen) != seen) { }
        }

        public void Leave() => Interlocked.Decrement(ref running);
    }

    public string Name => name;
    public bool Enabled { get; set; } = true;
    public bool BlockUntilCancelled { get; init; }
    public Shared Together { get; } = together ?? new Shared();
    public TimeSpan Every { get; set; } = TimeSpan.FromMilliseconds(200);

    private int runs;
    public int Runs => runs;
    public DateTimeOffset? FirstRunAt { get; private set; }
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public DateTimeOffset? CancelledAt { get; private set; }

    public async Task<TimeSpan> RunAsync(CancellationToken ct)
    {
        Together.Enter();
        try
        {
            FirstRunAt ??= DateTimeOffset.UtcNow;
            Started.TrySetResult();
            if (BlockUntilCancelled)
            {
                try { await Task.Delay(Timeout.Infinite, ct); }
                catch (OperationCanceledException) { CancelledAt ??= DateTimeOffset.UtcNow; Cancelled.TrySetResult(); throw; }
            }
            await Task.Delay(20, CancellationToken.None);
            Interlocked.Increment(ref runs);
            return Every;
        }
        finally { Together.Leave(); }
    }
}
