using System.Security.Claims;
using Ghiseu.Features.Identity;
using Ghiseu.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ghiseu.Features.Desk.Canned;

public static class CannedEndpoints
{
    public static IEndpointRouteBuilder MapCannedEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/desk/canned-responses").WithTags("Desk");
        g.MapGet("", (CannedResponses c, CancellationToken ct) => c.VisibleAsync(ct)).RequireAuthorization(Roles.CaseWorkPolicy)
            .WithSummary("Canned responses of your units and those shared by every unit.");
        g.MapPost("", CreateAsync).RequireAuthorization(Roles.UnitAdminPolicy)
            .WithSummary("Adds a canned response (ro and en, with placeholders) for a unit, or for every unit (system administrators).");
        g.MapPut("/{id:guid}", ReplaceAsync).RequireAuthorization(Roles.UnitAdminPolicy).ProducesProblems(404)
            .WithSummary("Replaces a canned response.");
        g.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Roles.UnitAdminPolicy).ProducesProblems(404)
            .WithSummary("Deletes a canned response.");
        return app;
    }

    private static async Task<Results<Created<CannedDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(CannedRequest r, ClaimsPrincipal u,
        CannedResponses c, CancellationToken ct)
    {
        var o = await c.SaveAsync(null, r, u, ct);
        return o.Failure is { } f ? ProblemResults.For<Created<CannedDto>>(f) : TypedResults.Created($"/api/v1/desk/canned-responses/{o.Value!.Id}", o.Value);
    }

    private static async Task<Results<Ok<CannedDto>, ValidationProblem, ProblemHttpResult>> ReplaceAsync(Guid id, CannedRequest r, ClaimsPrincipal u,
        CannedResponses c, CancellationToken ct)
    {
        var o = await c.SaveAsync(id, r, u, ct);
        return o.Failure is { } f ? ProblemResults.For<Ok<CannedDto>>(f) : TypedResults.Ok(o.Value!);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(Guid id, ClaimsPrincipal u, CannedResponses c, CancellationToken ct) =>
        await c.DeleteAsync(id, u, ct) is { } f ? ProblemResults.For<NoContent>(f) : TypedResults.NoContent();
}
