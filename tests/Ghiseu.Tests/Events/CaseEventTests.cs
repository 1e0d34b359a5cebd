using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ghiseu.Features.Events;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Events;

public class CaseEventTests(EventsFactory app) : IClassFixture<EventsFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

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
    public async Task EveryChange_IsPublished_WithWhatChanged()
    {
        var client = await app.Paris();
        var c = await client.CreateCase();
        var id = Guid.Parse(c.Str("id"));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/cases/{id}/status", new { status = "open" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/cases/{id}/assign", new { assignee = Staff.Paris })).StatusCode);
        Assert.True((await client.PostAsJsonAsync($"/api/v1/cases/{id}/notes", new { body = "Sunat cetățeanul." })).IsSuccessStatusCode);

        await Until(() => app.Recording.Of(id).Any(e => e.Type == CaseEventTypes.InteractionAdded && e.Read<CaseEventTypes.InteractionAddedData>().Kind == Ghiseu.Features.Cases.InteractionKind.Note), "the note's event");
        var events = app.Recording.Of(id);
        var created = Assert.Single(events, e => e.Type == CaseEventTypes.Created);
        Assert.Equal(c.Str("registrationNumber"), created.Read<CaseEventTypes.CreatedData>().RegistrationNumber);
        var status = Assert.Single(events, e => e.Type == CaseEventTypes.StatusChanged).Read<CaseEventTypes.StatusChangedData>();
        Assert.Equal((Ghiseu.Features.Cases.CaseStatus.New, Ghiseu.Features.Cases.CaseStatus.Open), (status.From, status.To));
        var assigned = Assert.Single(events, e => e.Type == CaseEventTypes.Assigned).Read<CaseEventTypes.AssignedData>();
        Assert.Null(assigned.From);
        Assert.NotNull(assigned.To);
        Assert.Contains(events, e => e.Type == CaseEventTypes.Changed && e.Read<CaseEventTypes.ChangedData>().Fields.Contains("Status"));
        // In the order they were committed, each once.
        Assert.Equal(events.Select(e => e.Id).Order(), events.Select(e => e.Id));
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public async Task AFailingSubscriber_IsRetried_WithoutHoldingUpAnother()
    {
        var client = await app.Paris();
        var first = await client.CreateCase();
        var failing = Guid.Parse(first.Str("id"));
        app.Flaky.FailFor[failing] = 3;
        await Task.Delay(200);
        var second = Guid.Parse((await client.CreateCase()).Str("id"));

        await Until(() => app.Recording.Of(second).Count > 0, "the healthy subscriber to go on");
        await Until(() => app.Flaky.Of(second).Count > 0, "the failing subscriber to get past its failures");
        Assert.Equal(0, app.Flaky.FailFor[failing]);
        // The failing event came before the next one and was delivered once it went through; nothing twice.
        Assert.Single(app.Flaky.Of(failing), e => e.Type == CaseEventTypes.Created);
        Assert.Single(app.Recording.Of(failing), e => e.Type == CaseEventTypes.Created);
        var flakyIds = app.Flaky.Seen.Select(e => e.Id).ToList();
        Assert.Equal(flakyIds.Count, flakyIds.Distinct().Count());
        var lease = await app.Db(db => db.JobLeases.AsNoTracking().SingleAsync(j => j.Name == "events.test.flaky"));
        Assert.Equal(0, lease.Failures);
    }

    [Fact]
    public async Task ManyWritersAtOnce_EveryEventIsDeliveredOnce()
    {
        var client = await app.Paris();
        var cases = await Task.WhenAll(Enumerable.Range(0, 24).Select(async _ => Guid.Parse((await client.CreateCase()).Str("id"))));
        await Until(() => cases.All(id => app.Recording.Of(id).Any(e => e.Type == CaseEventTypes.Created)), "every creation's event");
        Assert.All(cases, id => Assert.Single(app.Recording.Of(id), e => e.Type == CaseEventTypes.Created));
    }

    [Fact]
    public async Task Replay_DeliversAgain_ToThatSubscriberOnly()
    {
        var client = await app.Paris();
        var since = DateTimeOffset.UtcNow;
        var id = Guid.Parse((await client.CreateCase()).Str("id"));
        await Until(() => app.Recording.Of(id).Count > 0 && app.Flaky.Of(id).Count > 0, "the first delivery");

        var admin = await app.Admin();
        var replay = await admin.PostAsJsonAsync("/api/v1/admin/event-subscriptions/test.recorder/replay", new { since });
        Assert.Equal(HttpStatusCode.NoContent, replay.StatusCode);
        await Until(() => app.Recording.Of(id).Count(e => e.Type == CaseEventTypes.Created) == 2, "the replayed event");
        await Task.Delay(500);
        Assert.Single(app.Flaky.Of(id), e => e.Type == CaseEventTypes.Created);

        var list = await (await admin.GetAsync("/api/v1/admin/event-subscriptions")).Body();
        Assert.Contains(list.AsArray(), s => s!["name"]!.GetValue<string>() == "test.recorder");
        var audited = await app.Db(db => db.AuditEntries.AnyAsync(a => a.Action == "replay" && a.EntityId == "test.recorder"));
        Assert.True(audited);
    }

    [Fact]
    public async Task OnlySystemAdministrators_SeeOrReplaySubscriptions()
    {
        var agent = await app.Paris();
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/admin/event-subscriptions")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/v1/admin/event-subscriptions/test.recorder/replay", new { since = DateTimeOffset.UtcNow })).StatusCode);
        var admin = await app.Admin();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/v1/admin/event-subscriptions/nobody/replay", new { since = DateTimeOffset.UtcNow })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/v1/admin/event-subscriptions/test.recorder/replay", new JsonObject())).StatusCode);
    }
}
