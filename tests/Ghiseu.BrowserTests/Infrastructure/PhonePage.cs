using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Ghiseu.BrowserTests.Infrastructure;

/// <summary>
/// A page in its own browser context that notes every request it makes and every console error, so a
/// test can prove the page asked nothing of a third party and broke no content-security rule.
/// </summary>
public sealed class PhonePage : IAsyncDisposable
{
    private readonly IBrowserContext context;
    private readonly string origin;

    public IPage Page { get; }
    public ConcurrentQueue<string> Requests { get; } = new();
    public ConcurrentQueue<string> ConsoleErrors { get; } = new();

    private PhonePage(IBrowserContext context, IPage page, string origin)
    {
        this.context = context;
        this.origin = origin;
        Page = page;
        page.Request += (_, r) => Requests.Enqueue(r.Url);
        page.Console += (_, m) => { if (m.Type == "error") ConsoleErrors.Enqueue(m.Text); };
        page.PageError += (_, e) => ConsoleErrors.Enqueue(e);
    }

    public static async Task<PhonePage> OpenAsync(IBrowserContext context, string origin) =>
        new(context, await context.NewPageAsync(), origin);

    /// <summary>Requests that left Ghiseu's own origin (data: URLs are part of the page).</summary>
    public IReadOnlyList<string> ForeignRequests =>
        [.. Requests.Where(u => !u.StartsWith(origin + "/", StringComparison.Ordinal) && !u.StartsWith("data:", StringComparison.Ordinal))];

    /// <summary>True when the page is wider than the phone's screen (horizontal scrolling).</summary>
    public Task<bool> OverflowsAsync() => Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");

    public async ValueTask DisposeAsync() => await context.CloseAsync();
}
