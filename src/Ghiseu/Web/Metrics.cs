using System.Diagnostics.Metrics;
using System.Net;
using OpenTelemetry.Metrics;

namespace Ghiseu.Web;

/// <summary>
/// Prometheus metrics at /metrics: HTTP server, .NET runtime, and Ghiseu's own (cases registered per
/// channel). The page tells about the deployment, so it is served only to loopback and trusted
/// proxies, or to whoever presents Ghiseu:Metrics:Token as a bearer token.
/// </summary>
public static class Metrics
{
    public const string MeterName = "Ghiseu";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Cases registered, by channel of origin.</summary>
    public static readonly Counter<long> CasesCreated = Meter.CreateCounter<long>("ghiseu.cases.created", unit: "{case}", description: "Cases registered");

    public static IServiceCollection AddGhiseuMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(m => m
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddMeter(MeterName)
            .AddPrometheusExporter());
        return services;
    }

    public static WebApplication MapGhiseuMetrics(this WebApplication app)
    {
        var token = app.Configuration["Ghiseu:Metrics:Token"];
        var proxies = TrustedProxies.Addresses(app.Configuration).Select(ip => ip.ToString()).ToArray();
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/metrics"), branch => branch.Use(async (http, next) =>
        {
            if (!Allowed(http, token, proxies))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            await next(http);
        }));
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        return app;
    }

    private static bool Allowed(HttpContext http, string? token, string[] proxies)
    {
        if (!string.IsNullOrEmpty(token))
            return http.Request.Headers.Authorization.ToString() == $"Bearer {token}";
        var from = http.Connection.RemoteIpAddress;
        return from is not null && (IPAddress.IsLoopback(from) || proxies.Contains(from.ToString()));
    }
}
