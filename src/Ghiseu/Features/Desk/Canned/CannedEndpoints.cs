using System.Security.Claims;
using Ghiseu.Features.Identity;

namespace Ghiseu.Features.Desk.Canned;

public static class CannedEndpoints
{
    public static IEndpointRouteBuilder MapCannedEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/desk/canned-responses").WithTags("Desk");
        g.MapGet("", (CannedResponses c, CancellationToken ct) => c.VisibleAsync(ct)).RequireAuthorization(Roles.CaseWorkPolicy)
            .WithSummary("Canned responses of your units and those shared by every unit.");
        g.MapPost("", (CannedRequest r, ClaimsPrincipal u, CannedResponses c, CancellationToken ct) => c.SaveAsync(null, r, u, ct))
            .RequireAuthorization(Roles.UnitAdminPolicy).WithSummary("Adds a canned response (ro and en, with placeholders) for a unit, or for every unit (system administrators).");
        g.MapPut("/{id:guid}", (Guid id, CannedRequest r, ClaimsPrincipal u, CannedResponses c, CancellationToken ct) => c.SaveAsync(id, r, u, ct))
            .RequireAuthorization(Roles.UnitAdminPolicy).WithSummary("Replaces a canned response.");
        g.MapDelete("/{id:guid}", (Guid id, ClaimsPrincipal u, CannedResponses c, CancellationToken ct) => c.DeleteAsync(id, u, ct))
            .RequireAuthorization(Roles.UnitAdminPolicy).WithSummary("Deletes a canned response.");
        return app;
    }
}
