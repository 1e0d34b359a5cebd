using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Cases;

/// <summary>Creating cases in bursts and checking the registration numbers the database holds.</summary>
public static class Numbering
{
    public static long Sequence(string registrationNumber) =>
        long.Parse(registrationNumber[(registrationNumber.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture);

    /// <summary>Creates the cases all at once; fails the test on any answer but 201; returns their numbers.</summary>
    public static async Task<List<string>> CreateConcurrently(IEnumerable<(HttpClient Client, string Unit)> creations)
    {
        var responses = await Task.WhenAll(creations.Select(async x =>
        {
            var response = await x.Client.PostAsJsonAsync("/api/v1/cases", new
            {
                unit = x.Unit, category = "information", subject = $"Rafală {Guid.NewGuid():N}", description = "Număr de înregistrare.",
                channel = "walkIn", citizen = new { name = "Dan Numărul", email = $"nr.{Guid.NewGuid():N}@example.com" },
            });
            return (response.StatusCode, Text: await response.Content.ReadAsStringAsync());
        }));
        Assert.All(responses, r => Assert.True(r.StatusCode == HttpStatusCode.Created, $"{(int)r.StatusCode}: {r.Text}"));
        return [.. responses.Select(r => System.Text.Json.Nodes.JsonNode.Parse(r.Text)!.Str("registrationNumber"))];
    }

    /// <summary>
    /// Every registration number of the unit in the database, per year, is exactly 1..n (no gap, no
    /// duplicate) and the year's counter stands at n. Returns n for each year.
    /// </summary>
    public static async Task<Dictionary<int, long>> AssertGapless(GhiseuFactory app, string unitCode)
    {
        var (numbers, counters) = await app.Db(async db =>
        {
            var unitId = await db.Units.Where(u => u.Code == unitCode).Select(u => u.Id).SingleAsync();
            var numbers = await db.Cases.Where(c => c.UnitId == unitId).Select(c => c.RegistrationNumber).ToListAsync();
            var counters = await db.RegistrationCounters.Where(c => c.UnitId == unitId).ToDictionaryAsync(c => c.Year, c => c.Last);
            return (numbers, counters);
        });
        var byYear = numbers.GroupBy(n => int.Parse(n.Split('-')[1], CultureInfo.InvariantCulture));
        var result = new Dictionary<int, long>();
        foreach (var year in byYear)
        {
            Assert.All(year, n => Assert.StartsWith($"{unitCode}-{year.Key}-", n, StringComparison.Ordinal));
            var sequences = year.Select(Sequence).Order().ToList();
            Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
            Assert.Equal(sequences.Count, counters.GetValueOrDefault(year.Key));
            result[year.Key] = sequences.Count;
        }
        return result;
    }
}
