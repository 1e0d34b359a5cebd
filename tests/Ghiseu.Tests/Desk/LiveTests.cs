using System.Net.Http.Json;
using System.Threading.Channels;
using Ghiseu.Features.Desk.Live;
using Ghiseu.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Ghiseu.Tests.Desk;

[Collection(ApiCollection.Name)]
public class LiveTests(GhiseuFactory app)
{
    private async Task<string> Token(string email) => (await (await app.Login(email)).Body()).Str("accessToken");

    /// <summary>A hub connection authenticated the way browsers do it: the token in the access_token query parameter.</summary>
    private async Task<HubConnection> ConnectAsync(string email)
    {
        var token = await Token(email);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, $"{DeskHub.Path}?access_token={Uri.EscapeDataString(token)}"), o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();
        await connection.StartAsync();
        return connection;
    }

    private static Channel<CaseEvent> Listen(HubConnection connection)
    {
        var events = Channel.CreateUnbounded<CaseEvent>();
        connection.On<CaseEvent>("caseChanged", e => events.Writer.TryWrite(e));
        return events;
    }

    private static async Task<CaseEvent?> WaitForAsync(Channel<CaseEvent> events, Guid caseId, TimeSpan within)
    {
        using var cts = new CancellationTokenSource(within);
        try
        {
            while (true)
            {
                var e = await events.Reader.ReadAsync(cts.Token);
                if (e.Id == caseId) return e;
            }
        }
        catch (OperationCanceledException) { return null; }
    }

    [Fact]
    public async Task CaseCreated_ReachesSameUnitWithinTwoSeconds_NotAnotherUnit()
    {
        await using var paris = await ConnectAsync(Staff.Paris);
        await using var madrid = await ConnectAsync(Staff.Madrid);
        var parisEvents = Listen(paris);
        var madridEvents = Listen(madrid);
        var creator = await app.SignIn((await app.CreateStaff(unit: "PAR")).Email!);
        var c = await creator.CreateCase();
        var id = Guid.Parse(c.Str("id"));

        var seen = await WaitForAsync(parisEvents, id, TimeSpan.FromSeconds(2));
        Assert.NotNull(seen);
        Assert.Equal(c.Str("registrationNumber"), seen.RegistrationNumber);
        Assert.Equal("PAR", seen.Unit);
        // Madrid hears nothing of it, not even later.
        Assert.Null(await WaitForAsync(madridEvents, id, TimeSpan.FromSeconds(1)));
        while (madridEvents.Reader.TryRead(out var e)) Assert.NotEqual("PAR", e.Unit);
    }

    [Fact]
    public async Task CaseChanged_ReachesSameUnit()
    {
        var client = await app.Paris();
        var c = await client.CreateCase();
        await using var paris = await ConnectAsync(Staff.Paris);
        var events = Listen(paris);
        (await client.PostAsJsonAsync($"/api/v1/cases/{c.Str("id")}/assign", new { assignee = "me" })).EnsureSuccessStatusCode();
        var seen = await WaitForAsync(events, Guid.Parse(c.Str("id")), TimeSpan.FromSeconds(3));
        Assert.NotNull(seen);
        Assert.Equal("open", seen.Status);
    }

    [Fact]
    public async Task Presence_SharedWithColleagues_RefusedForAnotherUnitsCase()
    {
        var c = await (await app.Paris()).CreateCase();
        var id = Guid.Parse(c.Str("id"));
        await using var first = await ConnectAsync(Staff.Paris);
        await using var second = await ConnectAsync(Staff.Supervisor);
        await using var madrid = await ConnectAsync(Staff.Madrid);
        var heard = Channel.CreateUnbounded<IReadOnlyList<PresenceEntry>>();
        first.On<Guid, IReadOnlyList<PresenceEntry>>("presence", (caseId, who) => { if (caseId == id) heard.Writer.TryWrite(who); });
        var madridHeard = 0;
        madrid.On<Guid, IReadOnlyList<PresenceEntry>>("presence", (_, _) => Interlocked.Increment(ref madridHeard));

        Assert.Single((await first.InvokeAsync<IReadOnlyList<PresenceEntry>?>("ViewCase", c.Str("id")))!);
        Assert.Null(await madrid.InvokeAsync<IReadOnlyList<PresenceEntry>?>("ViewCase", c.Str("registrationNumber")));
        Assert.Equal(2, (await second.InvokeAsync<IReadOnlyList<PresenceEntry>?>("ViewCase", c.Str("registrationNumber")))!.Count);
        await second.InvokeAsync("Typing", id, true);
        await madrid.InvokeAsync("Typing", id, true); // not viewing: ignored

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        IReadOnlyList<PresenceEntry> last;
        do last = await heard.Reader.ReadAsync(cts.Token);
        while (!last.Any(p => p.Typing));
        Assert.Equal(2, last.Count);
        Assert.Single(last, p => p.Typing);
        Assert.Equal(0, madridHeard);
    }

    [Fact]
    public async Task Connect_WithoutToken_IsRefused()
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, DeskHub.Path), o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => connection.StartAsync());
    }
}
