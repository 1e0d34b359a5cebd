using System.Text.Json;
using Microsoft.Playwright;

namespace Ghiseu.BrowserTests.Infrastructure;

/// <summary>Runs axe-core (from npm, never fetched by the page) against the WCAG 2.1 A and AA rules.</summary>
public static class Axe
{
    private static readonly Lazy<string> Source = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "axe.min.js");
        return File.Exists(path) ? File.ReadAllText(path)
            : throw new InvalidOperationException($"{path} is missing: run `npm ci` in tests/Ghiseu.BrowserTests (./ghiseu test does).");
    });

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public sealed record Violation(string Id, string Impact, string Help, string[] Targets)
    {
        public override string ToString() => $"{Impact} {Id}: {Help} at {string.Join(", ", Targets)}";
    }

    /// <summary>The serious and critical violations on the page as it is now.</summary>
    public static async Task<List<Violation>> SeriousViolationsAsync(IPage page)
    {
        // Evaluated through the debugging protocol, so the page's content-security policy stays as strict as ever.
        await page.EvaluateAsync(Source.Value);
        var json = await page.EvaluateAsync<string>("""
            async () => {
                const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
                return JSON.stringify(r.violations.map(v => ({ id: v.id, impact: v.impact || '', help: v.help, targets: v.nodes.map(n => n.target.join(' ')) })));
            }
            """);
        var all = JsonSerializer.Deserialize<List<Violation>>(json, Web) ?? [];
        return [.. all.Where(v => v.Impact is "serious" or "critical")];
    }
}
