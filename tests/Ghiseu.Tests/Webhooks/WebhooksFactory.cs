using System.Collections.Concurrent;
using System.Net;
using Ghiseu.Features.Webhooks;
using Ghiseu.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ghiseu.Tests.Webhooks;

/// <summary>
/// A host whose webhooks may reach 127.0.0.1 only (the allow-list), over http, with quick retries;
/// host names resolve through <see cref="Names"/>, so a test can change a name's answer (rebinding).
/// </summary>
public sealed class WebhooksFactory : GhiseuFactory
{
    public FakeResolver Names { get; } = new();
    public Receiver Receiver { get; } = new();

    protected override int DemoCases => 0;

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Ghiseu:Events:PollMilliseconds", "50"), new("Ghiseu:Webhooks:PollMilliseconds", "50"),
        new("Ghiseu:Webhooks:AllowHttp", "true"), new("Ghiseu:Webhooks:AllowedNetworks:0", "127.0.0.1/32"),
        new("Ghiseu:Webhooks:FirstRetrySeconds", "0.2"), new("Ghiseu:Webhooks:TimeoutSeconds", "2"),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<HostResolver>(Names));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Receiver.DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }

    public sealed class FakeResolver : HostResolver
    {
        public ConcurrentDictionary<string, IPAddress[]> Answers { get; } = new(StringComparer.OrdinalIgnoreCase);

        public override Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
            Answers.TryGetValue(host, out var a) ? Task.FromResult(a) : base.ResolveAsync(host, ct);
    }
}

/// <summary>A real HTTP receiver on 127.0.0.1: records every request by path and answers as told.</summary>
public sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication app;

    public sealed record Request(string Path, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset At);

    public ConcurrentQueue<Request> Received { get; } = new();

    /// <summary>Status codes to answer on a path, in turn; 200 once they run out.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<int>> Script { get; } = new();

    /// <summary>Paths that answer only after this long.</summary>
    public ConcurrentDictionary<string, TimeSpan> Slow { get; } = new();

    public int Port { get; }

    public string Url(string path) => $"http://127.0.0.1:{Port}/{path}";

    public List<Request> On(string path) => [.. Received.Where(r => r.Path == "/" + path)];

    public Receiver()
    {
        Port = SmtpPeer.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapPost("/{**path}", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            var path = http.Request.Path.Value!;
            if (Slow.TryGetValue(path, out var wait)) await Task.Delay(wait);
            Received.Enqueue(new Request(path, http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body, DateTimeOffset.UtcNow));
            var status = Script.TryGetValue(path, out var q) && q.TryDequeue(out var s) ? s : 200;
            return Results.Text($"answer {status}", statusCode: status);
        });
        app.StartAsync().GetAwaiter().GetResult();
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
