using System.Collections.Concurrent;
using Ghiseu.Features.Events;
using Ghiseu.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace Ghiseu.Tests.Events;

/// <summary>A host with two subscribers of its own: one that records, one that fails on chosen events first.</summary>
public sealed class EventsFactory : GhiseuFactory
{
    public Recorder Recording { get; } = new("test.recorder");
    public Recorder Flaky { get; } = new("test.flaky");

    protected override int DemoCases => 0;

    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Ghiseu:Events:PollMilliseconds", "100"), new("Ghiseu:Background:FirstRetrySeconds", "0.2")];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s =>
        {
            s.AddCaseEventSubscriber(_ => Recording);
            s.AddCaseEventSubscriber(_ => Flaky);
        });
    }

    public sealed class Recorder(string name) : ICaseEventSubscriber
    {
        public string Name => name;
        public bool FromTheStart => true;

        /// <summary>Every delivery, in order.</summary>
        public ConcurrentQueue<CaseEvent> Seen { get; } = new();

        /// <summary>Events (by case) to fail on, and how many times more.</summary>
        public ConcurrentDictionary<Guid, int> FailFor { get; } = new();

        public Task HandleAsync(CaseEvent e, CancellationToken ct)
        {
            if (FailFor.TryGetValue(e.CaseId, out var left) && left > 0)
            {
                FailFor[e.CaseId] = left - 1;
                throw new InvalidOperationException("the integrator's server answered 503");
            }
            Seen.Enqueue(e);
            return Task.CompletedTask;
        }

        public List<CaseEvent> Of(Guid caseId) => [.. Seen.Where(e => e.CaseId == caseId)];
    }
}
