using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Ghiseu.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Ghiseu.Features.Webhooks;

/// <summary>One attempt at one delivery: the signed request, the answer read up to a cap, and the log row.</summary>
public sealed class WebhookDispatch(IDbContextFactory<GhiseuDb> factory, WebhookHttp http, WebhookSignature signature,
    IOptionsMonitor<WebhookOptions> options, TimeProvider clock, ILogger<WebhookDispatch> log)
{
    /// <summary>A sender for one hook's deliveries; it returns true when the receiver said 410 Gone (the hook is now off).</summary>
    public Func<WebhookDelivery, CancellationToken, Task<bool>> For(Webhook hook)
    {
        var secret = signature.Unprotect(hook.ProtectedSecret);
        return (d, ct) => SendAsync(hook, secret, d, ct);
    }

    private async Task<bool> SendAsync(Webhook hook, string secret, WebhookDelivery d, CancellationToken ct)
    {
        var o = options.CurrentValue;
        var started = clock.GetUtcNow();
        var timestamp = started.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new StringContent(d.Payload, Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(secret, timestamp, d.Payload));
        request.Headers.Add("Ghiseu-Event-Id", d.EventId.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("Ghiseu-Event-Type", d.EventType);
        request.Headers.Add("Ghiseu-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("Ghiseu-Delivery-Id", d.Id.ToString());
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(o.TimeoutSeconds));
        var watch = Stopwatch.StartNew();
        int? status = null;
        string? error = null, response = null;
        var retry = false;
        try
        {
            using var answer = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            status = (int)answer.StatusCode;
            response = await ReadStartAsync(answer, o.ResponseChars, limit.Token);
            retry = status is 408 or 429 || status >= 500;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            error = status is null ? $"timed out after {o.TimeoutSeconds} s" : "timed out reading the answer";
            retry = status is null || status >= 500;
        }
        catch (HttpRequestException e)
        {
            // A refused address stays refused: retrying would only knock again.
            (error, retry) = (Message(e), !Message(e).StartsWith(WebhookHttp.Refused, StringComparison.Ordinal));
        }
        var duration = (int)watch.ElapsedMilliseconds;
        return await RecordAsync(hook, d, started, status, duration, error, response, retry);
    }

    private static string Message(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
            if (x.Message.StartsWith(WebhookHttp.Refused, StringComparison.Ordinal)) return x.Message;
        var inner = e.InnerException is null ? "" : $" ({e.InnerException.Message})";
        var text = e.Message + inner;
        return text.Length > 1000 ? text[..1000] : text;
    }

    // Reads at most `chars` characters and lets the rest go: a receiver cannot make us read a large answer.
    private static async Task<string?> ReadStartAsync(HttpResponseMessage answer, int chars, CancellationToken ct)
    {
        if (chars == 0) return null;
        await using var stream = await answer.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[chars * 4];
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), ct) is var n and > 0) read += n;
        var text = Encoding.UTF8.GetString(buffer, 0, read);
        return text.Length > chars ? text[..chars] : text;
    }

    private async Task<bool> RecordAsync(Webhook hook, WebhookDelivery d, DateTimeOffset at, int? status, int duration, string? error,
        string? response, bool retry)
    {
        var o = options.CurrentValue;
        var now = clock.GetUtcNow();
        var attempts = d.Attempts + 1;
        var delivered = status is >= 200 and < 300;
        var gone = status == (int)HttpStatusCode.Gone;
        var again = !delivered && !gone && retry && attempts < o.MaxAttempts && now - d.CreatedAt < TimeSpan.FromHours(o.MaxAgeHours);
        var state = delivered ? DeliveryState.Delivered : again ? DeliveryState.Pending : DeliveryState.Failed;
        var next = again ? now + Backoff(attempts, o) : now;
        try
        {
            await using var db = await factory.CreateDbContextAsync(CancellationToken.None);
            db.AuditDisabled = true; // the delivery log is its own record (see WebhookFanOut)
            await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
            var moved = await db.Set<WebhookDelivery>().Where(x => x.Id == d.Id && x.State == DeliveryState.Pending && x.Attempts == d.Attempts)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.State, state).SetProperty(x => x.Attempts, attempts)
                    .SetProperty(x => x.NextAttemptAt, next).SetProperty(x => x.CompletedAt, state == DeliveryState.Pending ? null : now), CancellationToken.None);
            if (moved == 0) return false; // removed or sent again by hand meanwhile
            db.Set<WebhookAttempt>().Add(new WebhookAttempt
            {
                DeliveryId = d.Id, WebhookId = hook.Id, At = at, StatusCode = status, DurationMs = duration, Error = error, Response = response,
            });
            await db.SaveChangesAsync(CancellationToken.None);
            if (gone)
            {
                // Not audited as a person's change: the reason on the hook says who turned it off and why.
                var reason = $"The receiver answered 410 Gone at {now:O}.";
                await db.Set<Webhook>().Where(w => w.Id == hook.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(w => w.Enabled, false).SetProperty(w => w.DisabledReason, reason).SetProperty(w => w.UpdatedAt, now), CancellationToken.None);
                log.LogWarning("Webhook {Hook} answered 410 Gone and was turned off", hook.Id);
            }
            await tx.CommitAsync(CancellationToken.None);
        }
        catch (DbUpdateException e)
        {
            log.LogInformation(e, "Webhook delivery {Delivery} was removed while it was sent", d.Id);
        }
        return gone;
    }

    /// <summary>The wait before try <paramref name="attempts"/> + 1: doubling from the first, capped, with jitter over its second half.</summary>
    public static TimeSpan Backoff(int attempts, WebhookOptions o)
    {
        var full = Math.Min(o.MaxRetrySeconds, o.FirstRetrySeconds * Math.Pow(2, Math.Max(0, attempts - 1)));
        return TimeSpan.FromSeconds(full / 2 + Random.Shared.NextDouble() * full / 2);
    }
}
