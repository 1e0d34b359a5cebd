using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Ghiseu.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Ghiseu.Tests.Cases;

/// <summary>A host of its own: these tests check every number of a unit, so nothing else may create cases meanwhile.</summary>
public sealed class NumberingFactory : GhiseuFactory
{
    protected override int DemoCases => 0;
}

public class RegistrationNumberTests(NumberingFactory app, ITestOutputHelper output) : IClassFixture<NumberingFactory>
{
    [Fact]
    public async Task Create_40ConcurrentInParisWithMadridInterleaved_ConsecutiveNumbersPerUnitWithoutGapsOrDuplicates()
    {
        var (paris, madrid) = (await app.Paris(), await app.Madrid());
        var before = await Numbering.AssertGapless(app, "PAR");
        var beforeMadrid = await Numbering.AssertGapless(app, "MAD");
        var creations = Enumerable.Range(0, 50).Select(i => i % 5 == 4 ? (madrid, "MAD") : (paris, "PAR")).ToList();

        var clock = Stopwatch.StartNew();
        var numbers = await Numbering.CreateConcurrently(creations);
        clock.Stop();
        output.WriteLine($"[{GhiseuFactory.Provider}] 40 PAR + 10 MAD concurrent creations: {clock.ElapsedMilliseconds} ms");

        Assert.Equal(50, numbers.Distinct().Count());
        var year = int.Parse(numbers[0].Split('-')[1], System.Globalization.CultureInfo.InvariantCulture);
        var parisBefore = before.GetValueOrDefault(year);
        var madridBefore = beforeMadrid.GetValueOrDefault(year);
        Assert.Equal(Enumerable.Range(1, 40).Select(i => parisBefore + i),
            numbers.Where(n => n.StartsWith("PAR-", StringComparison.Ordinal)).Select(Numbering.Sequence).Order());
        Assert.Equal(Enumerable.Range(1, 10).Select(i => madridBefore + i),
            numbers.Where(n => n.StartsWith("MAD-", StringComparison.Ordinal)).Select(Numbering.Sequence).Order());
        Assert.Equal(parisBefore + 40, (await Numbering.AssertGapless(app, "PAR"))[year]);
        Assert.Equal(madridBefore + 10, (await Numbering.AssertGapless(app, "MAD"))[year]);
    }

    [Fact]
    public async Task Create_RefusedByValidation_DoesNotTakeANumber()
    {
        var client = await app.Paris();
        var first = await client.CreateCase();
        foreach (var bad in new object[]
        {
            new { unit = "PAR", category = "information", subject = "s", description = "d", channel = "phone", citizen = new { name = "X", email = "nu-e-adresă" } },
            new { unit = "PAR", category = "no-such-category", subject = "s", description = "d", channel = "phone", citizen = new { name = "X" } },
            new { unit = "PAR", category = "information", subject = "s", description = "d", channel = "phone", citizen = new { name = "X" }, queue = "no-such-queue" },
            new { unit = "MAD", category = "information", subject = "s", description = "d", channel = "phone", citizen = new { name = "X" } },
        })
        {
            var response = await client.PostAsJsonAsync("/api/v1/cases", bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        var second = await client.CreateCase();
        Assert.Equal(Numbering.Sequence(first.Str("registrationNumber")) + 1, Numbering.Sequence(second.Str("registrationNumber")));
        await Numbering.AssertGapless(app, "PAR");
    }
}
