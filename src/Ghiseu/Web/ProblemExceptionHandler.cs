using System.Text.Json;
using Ghiseu.Features.Cases;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Web;

/// <summary>Turns exceptions into problem details that say what was wrong, without leaking internals.</summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail, code) = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => (400, "The request body is not valid JSON for this endpoint.", Describe(json), "invalid-body"),
            JsonException json => (400, "The request body is not valid JSON for this endpoint.", Describe(json), "invalid-body"),
            BadHttpRequestException bad when bad.StatusCode == 413 => (413, "The request body is too large.", bad.Message, "too-large"),
            BadHttpRequestException bad => (bad.StatusCode, "The request is not valid.", bad.Message, "bad-request"),
            DomainException d => (d.Conflict ? 409 : 422, "The request cannot be carried out.", d.Message, d.Code),
            DbUpdateConcurrencyException => (412, "The resource changed since you read it.", "Read it again and repeat the change.", "stale"),
            _ => (500, "An unexpected error occurred.", "The error was logged; try again or contact the administrator.", "internal"),
        };
        var http = httpContext;
        if (status == 500) log.LogError(exception, "Unhandled error on {Path}", http.Request.Path);
        else log.LogInformation(exception, "Request to {Path} refused with {Status}", http.Request.Path, status);
        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = $"https://ghiseu.ro/problems/{code}" },
        });
    }

    /// <summary>Says which member was wrong, in the request's own terms rather than .NET type names.</summary>
    private static string Describe(JsonException json)
    {
        var path = json.Path is { Length: > 0 } p ? p.TrimStart('$', '.') : null;
        if (json.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            var start = json.Message.IndexOf('\'', StringComparison.Ordinal) + 1;
            var name = start > 0 ? json.Message[start..json.Message.IndexOf('\'', start)] : path;
            return $"Unknown field '{name}'.";
        }
        if (json.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase))
            return $"The field '{path}' appears more than once.";
        if (json.Message.Contains("missing required properties", StringComparison.Ordinal))
            return "Required fields are missing.";
        return path is null ? "The body is not well-formed JSON." : $"The value of '{path}' has the wrong type or format.";
    }
}
