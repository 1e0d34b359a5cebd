using System.Security.Claims;
using Ghiseu.Data;
using Ghiseu.Features.Audit;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Identity;
using Ghiseu.Web;

namespace Ghiseu.Features.Desk;

public static class DeskApiEndpoints
{
    public static IEndpointRouteBuilder MapDeskApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/desk").WithTags("Desk").RequireAuthorization(Roles.StaffPolicy);
        g.MapGet("/views", CountsAsync).WithSummary("Every inbox view with its count under the given filters.");
        g.MapGet("/views/{view}/cases", ViewAsync).WithSummary("One inbox view's cases, filtered, sorted and paged by cursor.");
        DeskWorkEndpoints.Map(g);
        SavedViewEndpoints.Map(g);
        app.MapHub<Live.DeskHub>(Live.DeskHub.Path);
        return app;
    }

    private static async Task<IResult> CountsAsync([AsParameters] CaseQuery query, ClaimsPrincipal user, DeskInbox inbox, CancellationToken ct)
    {
        var (counts, errors) = await inbox.CountsAsync(query, user.StaffId()!.Value, ct);
        return counts is null ? Problems.Validation([.. errors]) : TypedResults.Ok(counts);
    }

    private static async Task<IResult> ViewAsync(string view, [AsParameters] CaseQuery query, ClaimsPrincipal user, DeskInbox inbox,
        CaseReader reader, AuditLog audit, CancellationToken ct)
    {
        var (items, next, errors) = await inbox.PageAsync(view, query, user.StaffId()!.Value, ct);
        if (items is null) return Problems.Validation([.. errors]);
        await audit.RecordAsync("list", nameof(Case), null, details: System.Text.Json.JsonSerializer.Serialize(new { view, query }, Json.Options), ct: ct);
        return TypedResults.Ok(new PageDto<CaseDto>(await reader.ToDtosAsync(items, ct), next));
    }
}
