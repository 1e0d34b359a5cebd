using System.Threading.RateLimiting;

namespace Ghiseu.Web;

/// <summary>Per-address limits on public and sign-in endpoints.</summary>
public static class RateLimits
{
    public const string Login = "login";
    public const string Public = "public";

    public static IServiceCollection AddGhiseuRateLimits(this IServiceCollection services, IConfiguration config)
    {
        var loginPerMinute = config.GetValue("Ghiseu:RateLimits:LoginPerMinute", 20);
        var publicPerMinute = config.GetValue("Ghiseu:RateLimits:PublicPerMinute", 60);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Login, http => PerAddress(http, loginPerMinute));
            o.AddPolicy(Public, http => PerAddress(http, publicPerMinute));
            o.OnRejected = async (ctx, ct) =>
            {
                if (ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                    ctx.HttpContext.Response.Headers.RetryAfter = ((int)retry.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Problems.Make(429, "Too many requests", "Slow down and try again in a minute.", "rate-limited").ExecuteAsync(ctx.HttpContext);
            };
        });
        return services;
    }

    private static RateLimitPartition<string> PerAddress(HttpContext http, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
}
