using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ghiseu.Tests.Infrastructure;

/// <summary>A real HTTP server on loopback standing in for an outside gateway (SMS): records each request.</summary>
public sealed class HttpPeer : IAsyncDisposable
{
    private readonly WebApplication app;

    public sealed record Request(string Path, string ContentType, string? Authorization, string Body);

    public ConcurrentQueue<Request> Received { get; } = new();
    public int Port { get; }

    /// <summary>How many more requests to answer with 503 before answering 201.</summary>
    private int failNext;

    public void Fail(int count) => Volatile.Write(ref failNext, count);

    public HttpPeer()
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
            if (Interlocked.Decrement(ref failNext) >= 0) return Results.StatusCode(503);
            Received.Enqueue(new Request(http.Request.Path, http.Request.ContentType ?? "", http.Request.Headers.Authorization.ToString(), body));
            return Results.Json(new { sid = Guid.NewGuid() }, statusCode: 201);
        });
        app.StartAsync().GetAwaiter().GetResult();
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
