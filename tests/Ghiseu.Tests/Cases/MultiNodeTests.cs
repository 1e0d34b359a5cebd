using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Ghiseu.Tests.Cases;

/// <summary>A second Ghiseu node on the database and data directory of <see cref="TwoNodes.First"/>.</summary>
public sealed class SecondNode(GhiseuFactory primary) : GhiseuFactory(primary)
{
    protected override int DemoCases => 0;
}

/// <summary>Two hosts of one deployment sharing one database (one SQLite file, or one PostgreSQL database).</summary>
public sealed class TwoNodes : IAsyncLifetime
{
    public NumberingFactory First { get; } = new();
    public SecondNode Second { get; }

    public TwoNodes() => Second = new SecondNode(First);

    public async Task InitializeAsync()
    {
        await First.InitializeAsync();
        await Second.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)Second).DisposeAsync();
        await ((IAsyncLifetime)First).DisposeAsync();
    }
}

public class MultiNodeTests(TwoNodes nodes, ITestOutputHelper output) : IClassFixture<TwoNodes>
{
    [Fact]
    public async Task Create_ConcurrentlyOnTwoNodesInOneUnit_NumbersWithoutGapsOrDuplicates()
    {
        var (a, b) = (await nodes.First.Paris(), await nodes.Second.Paris());
        var before = await Numbering.AssertGapless(nodes.First, "PAR");
        var creations = Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? a : b, "PAR"));

        var clock = Stopwatch.StartNew();
        var numbers = await Numbering.CreateConcurrently(creations);
        clock.Stop();
        output.WriteLine($"[{GhiseuFactory.Provider}] 40 PAR creations spread over two nodes: {clock.ElapsedMilliseconds} ms");

        Assert.Equal(40, numbers.Distinct().Count());
        var year = int.Parse(numbers[0].Split('-')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Enumerable.Range(1, 40).Select(i => before.GetValueOrDefault(year) + i), numbers.Select(Numbering.Sequence).Order());
        Assert.Equal(before.GetValueOrDefault(year) + 40, (await Numbering.AssertGapless(nodes.Second, "PAR"))[year]);
    }

    [Fact]
    public async Task CreateCase_SameIdempotencyKeyOnBothNodesAtOnce_CreatesOneCase()
    {
        var (a, b) = (await nodes.First.Paris(), await nodes.Second.Paris());
        var subject = $"Două noduri {Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();
        var body = new
        {
            unit = "PAR", category = "information", subject, description = "Trimis prin două noduri.", channel = "email",
            citizen = new { name = "Nod Dublu", email = $"nod.{Guid.NewGuid():N}@example.com" },
        };

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cases") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await (i % 2 == 0 ? a : b).SendAsync(request);
        }));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        Assert.Equal(1, await nodes.First.Db(db => db.Cases.CountAsync(c => c.Subject == subject)));
        await Numbering.AssertGapless(nodes.First, "PAR");
    }

    [Fact]
    public async Task SecondNode_SharesTheFirstNodesData_SeesItsCases()
    {
        var created = await (await nodes.First.Paris()).CreateCase();
        var read = await (await nodes.Second.Paris()).GetAsync($"/api/v1/cases/{created.Str("id")}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(created.Str("registrationNumber"), (await read.Body()).Str("registrationNumber"));
    }
}
