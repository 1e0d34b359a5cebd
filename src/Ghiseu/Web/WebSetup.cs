using Ghiseu.Data;
using Ghiseu.Features.Identity;
using Ghiseu.Web.Resources;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Scalar.AspNetCore;

namespace Ghiseu.Web;

/// <summary>HTTP plumbing shared by every feature: JSON, problems, limits, OpenAPI, security headers, health.</summary>
public static class WebSetup
{
    /// <summary>Default limit for request bodies; upload endpoints raise it for themselves.</summary>
    public const long MaxJsonBody = 1024 * 1024;

    public static IServiceCollection AddGhiseuWeb(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddSingleton<IAmbientActor, RequestActor>();
        services.AddMemoryCache();
        services.Configure<JsonOptions>(o => Json.Configure(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true); // so ProblemExceptionHandler can say what was wrong
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Extensions["traceId"] = c.HttpContext.TraceIdentifier;
            if (c.ProblemDetails is HttpValidationProblemDetails v) CamelCaseKeys(v);
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddValidation();
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Ghiseu API";
            doc.Info.Description = "Cases, citizens and the organization of a public administration's one-stop counter.";
            return Task.CompletedTask;
        }));
        services.AddGhiseuRateLimits(config);
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = MaxJsonBody);
        var dataDir = config[$"{GhiseuOptions.Section}:DataDirectory"] ?? "./data";
        services.AddGhiseuDataProtection(config, dataDir);
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        // Secure when the request came over HTTPS (directly or through a trusted proxy's X-Forwarded-Proto).
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.Configure<ForwardedHeadersOptions>(o => TrustedProxies.Configure(o, config));
        return services;
    }

    public static WebApplication UseGhiseuWeb(this WebApplication app)
    {
        app.UseForwardedHeaders();
        // Messages follow ?culture=, the .AspNetCore.Culture cookie, then Accept-Language; English by default.
        app.UseRequestLocalization(o => o.SetDefaultCulture("en").AddSupportedCultures("en", "ro").AddSupportedUICultures("en", "ro"));
        app.UseExceptionHandler();
        app.UseStatusCodePages(async status =>
        {
            // Browsers asking for a page that does not exist get a page; programs get problem details.
            var http = status.HttpContext;
            if (http.Response.StatusCode == StatusCodes.Status404NotFound && WebPages.WantsHtml(http))
                await WebPages.WriteErrorPageAsync(http, StatusCodes.Status404NotFound, Features.Portal.PortalText.NotFoundTitle, Features.Portal.PortalText.NotFoundText);
            else
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new() { HttpContext = http, ProblemDetails = { Status = http.Response.StatusCode } });
        });
        app.Use(SecurityHeaders);
        app.UseRouting();
        app.Use(BodySizeLimit);
        app.UseRateLimiter();
        app.Use(Features.Desk.Live.HubTokens.FromQuery);
        app.UseAuthentication();
        app.UseMiddleware<UnitScopeMiddleware>();
        app.UseAuthorization();
        app.Use(FormGuard.ReadFormFirst);
        app.UseAntiforgery();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/api/docs", o => o.WithTitle("Ghiseu API").WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts().DisableAgent().DisableMcp().DisableTelemetry().HideDeveloperTools().HideClientButton()).AllowAnonymous();
        return app;
    }

    public static WebApplication MapGhiseuHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new() { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        return app;
    }

    /// <summary>Attribute validation names members as in C# (Citizen.Name); the API speaks JSON (citizen.name).</summary>
    private static void CamelCaseKeys(HttpValidationProblemDetails problem)
    {
        var renamed = problem.Errors.ToDictionary(
            e => string.Join('.', e.Key.Split('.').Select(part => Json.Naming.ConvertName(part))), e => e.Value);
        problem.Errors.Clear();
        foreach (var (key, value) in renamed) problem.Errors[key] = value;
        problem.Type = "https://ghiseu.ro/problems/validation";
        problem.Title = Messages.ProblemValidation;
    }

    /// <summary>How far past its limit a refused body is still read and dropped, so the client gets to read the 413.</summary>
    private const long DrainAllowance = 64 * 1024 * 1024;

    /// <summary>
    /// Refuses a body larger than the endpoint allows (its RequestSizeLimit, else 1 MiB) with a 413
    /// problem before reading it; the server enforces the same limit on bodies of unknown length.
    /// </summary>
    private static async Task BodySizeLimit(HttpContext http, Func<Task> next)
    {
        var limit = http.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? MaxJsonBody;
        var feature = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } f ? f : null;
        if (http.Request.ContentLength is { } length && length > limit)
        {
            // A client that is still sending when the server drops the connection sees a reset, not
            // this answer: let the server drain a moderately oversized body (Kestrel gives up after 5 s).
            if (feature is not null && length <= limit + DrainAllowance) feature.MaxRequestBodySize = length;
            if (WebPages.WantsHtml(http))
                await WebPages.WriteErrorPageAsync(http, StatusCodes.Status413PayloadTooLarge, Features.Portal.PortalText.TooLargeTitle,
                    string.Format(System.Globalization.CultureInfo.CurrentCulture, Features.Portal.PortalText.TooLargeText, Features.Attachments.AttachmentService.Size(limit)));
            else
                await Problems.Make(StatusCodes.Status413PayloadTooLarge, "The request body is too large.",
                    $"This endpoint accepts at most {limit / 1024} KiB.", "too-large").ExecuteAsync(http);
            return;
        }
        if (feature is not null) feature.MaxRequestBodySize = limit;
        await next();
    }

    /// <summary>
    /// The one Content-Security-Policy of the site's pages and answers. Blazor's own frame-ancestors
    /// header is turned off (see WebPages) so a response never carries two policies that disagree.
    /// </summary>
    public const string ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    private static Task SecurityHeaders(HttpContext http, Func<Task> next)
    {
        var h = http.Response.Headers;
        h.XContentTypeOptions = "nosniff";
        h["Referrer-Policy"] = "same-origin";
        h.XFrameOptions = "DENY";
        if (!http.Request.Path.StartsWithSegments("/api/docs"))
            h.ContentSecurityPolicy = ContentSecurityPolicy;
        if (http.Request.IsHttps) h.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
        return next();
    }

    private sealed class DatabaseHealthCheck(IDbContextFactory<GhiseuDb> factory) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            return await db.Database.CanConnectAsync(ct) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("database unreachable");
        }
    }
}
