using System.Security.Claims;
using Ghiseu.Data;
using Ghiseu.Features.Identity;
using Ghiseu.Web;

namespace Ghiseu.Features.Desk;

/// <summary>Supervisors' calls: bulk actions on a selection and the workload of their units.</summary>
public static class DeskWorkEndpoints
{
    public static void Map(RouteGroupBuilder g)
    {
        g.MapPost("/bulk", BulkAsync).RequireAuthorization(Roles.SupervisorPolicy)
            .WithSummary("Assigns, changes the status of, or tags up to 200 cases; each is checked and audited on its own, and answered on its own.");
        g.MapGet("/workload", (Workload w, CancellationToken ct) => w.GetAsync(ct)).RequireAuthorization(Roles.SupervisorPolicy)
            .WithSummary("Open cases of your units per agent and per queue, unassigned and overdue.");
    }

    /// <summary>If-Match, when sent, is the version each case is expected at.</summary>
    private static async Task<IResult> BulkAsync(BulkRequest request, HttpRequest http, ClaimsPrincipal user, GhiseuDb db, BulkActions bulk, CancellationToken ct)
    {
        var errors = BulkActions.Validate(request);
        if (errors.Count > 0) return Problems.Validation([.. errors]);
        var results = await bulk.RunAsync(request, user.Actor(db.Scope), ETags.Expected(http), ct);
        return TypedResults.Ok(new { succeeded = results.Count(r => r.Ok), failed = results.Count(r => !r.Ok), results });
    }
}
