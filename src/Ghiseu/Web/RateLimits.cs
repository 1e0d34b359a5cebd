using System.Threading.RateLimiting;

namespace Ghiseu.Web;

/// <summary>Per-address limits on public and sign-in endpoints.</summary>
public static class RateLimits
{
    public const string Login = "login";
    public const string Public = "public";

    /// <summary>Public submissions: a flood from one address is refused.</summary>
    public const string Submit = "submit";

    /// <summary>Look-ups by registration number and tracking code: guessing is slowed to a crawl.</summary>
    public const string Tracking = "tracking";

    public static IServiceCollection AddGhiseuRateLimits(this IServiceCollection services, IConfiguration config)
    {
        var loginPerMinute = config.GetValue("Ghiseu:RateLimits:LoginPerMinute", 20);
        var publicPerMinute = config.GetValue("Ghiseu:RateLimits:PublicPerMinute", 60);
        var submitPerHour = config.GetValue("Ghiseu:RateLimits:SubmitPerHour", 20);
        var trackingPerMinute = config.GetValue("Ghiseu:RateLimits:TrackingPerMinute", 30);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Login, http => PerAddress(http, loginPerMinute));
            o.AddPolicy(Public, http => PerAddress(http, publicPerMinute));
            o.AddPolicy(Tracking, http => PerAddress(http, trackingPerMinute));
            // Pages that hold a form are read freely; only sending it counts.
            o.AddPolicy(Submit, http => HttpMethods.IsGet(http.Request.Method)
                ? RateLimitPartition.GetNoLimiter("read")
                : PerAddress(http, submitPerHour, TimeSpan.FromHours(1)));
            o.OnRejected = async (ctx, ct) =>
            {
                // The text names the same wait as Retry-After, which can be an hour (public submissions).
                var wait = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                ctx.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (WebPages.WantsHtml(ctx.HttpContext))
                    await WebPages.WriteErrorPageAsync(ctx.HttpContext, 429, Features.Portal.PortalText.TooManyTitle,
                        string.Format(System.Globalization.CultureInfo.CurrentCulture, Features.Portal.PortalText.TooManyText, Waits.Describe(seconds)));
                else
                    await Problems.Make(429, "Too many requests", $"Slow down and try again in {Waits.Describe(seconds, english: true)}.", "rate-limited").ExecuteAsync(ctx.HttpContext);
            };
        });
        return services;
    }

    private static RateLimitPartition<string> PerAddress(HttpContext http, int permits, TimeSpan? window = null) =>
        RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window ?? TimeSpan.FromMinutes(1), QueueLimit = 0 });
}
