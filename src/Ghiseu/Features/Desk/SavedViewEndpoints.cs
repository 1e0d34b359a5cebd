using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Ghiseu.Data;
using Ghiseu.Features.Identity;
using Ghiseu.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ghiseu.Features.Desk;

public sealed record SavedViewRequest([Required, StringLength(100, MinimumLength = 1)] string Name, [Required] string View,
    [StringLength(2000)] string? Query = null, int Position = 0);

public sealed record SavedViewDto(Guid Id, string Name, string View, string Query, int Position, DateTimeOffset UpdatedAt);

/// <summary>Personal saved views over HTTP (see <see cref="SavedViews"/>): another's is 404.</summary>
public static class SavedViewEndpoints
{
    public static void Map(RouteGroupBuilder desk)
    {
        var g = desk.MapGroup("/saved-views");
        g.MapGet("", async (ClaimsPrincipal user, GhiseuDb db, SavedViews views, CancellationToken ct) =>
            TypedResults.Ok(await views.ListAsync(user.Actor(db.Scope), ct))).WithSummary("Your saved views, in your order.");
        g.MapPost("", CreateAsync).WithSummary("Saves a view with its filters (a query string the view endpoint accepts).");
        g.MapPut("/{id:guid}", UpdateAsync).ProducesProblems(404).WithSummary("Renames or changes one of your saved views.");
        g.MapDelete("/{id:guid}", DeleteAsync).ProducesProblems(404).WithSummary("Deletes one of your saved views.");
    }

    private static async Task<Results<Created<SavedViewDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(SavedViewRequest r, ClaimsPrincipal user,
        GhiseuDb db, SavedViews views, CancellationToken ct)
    {
        var outcome = await views.CreateAsync(r, user.Actor(db.Scope), ct);
        return outcome.Failure is { } f ? ProblemResults.For<Created<SavedViewDto>>(f)
            : TypedResults.Created($"/api/v1/desk/saved-views/{outcome.Value!.Id}", outcome.Value);
    }

    private static async Task<Results<Ok<SavedViewDto>, ValidationProblem, ProblemHttpResult>> UpdateAsync(Guid id, SavedViewRequest r, ClaimsPrincipal user,
        GhiseuDb db, SavedViews views, CancellationToken ct)
    {
        var outcome = await views.UpdateAsync(id, r, user.Actor(db.Scope), ct);
        return outcome.Failure is { } f ? ProblemResults.For<Ok<SavedViewDto>>(f) : TypedResults.Ok(outcome.Value!);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(Guid id, ClaimsPrincipal user, GhiseuDb db,
        SavedViews views, CancellationToken ct) =>
        await views.DeleteAsync(id, user.Actor(db.Scope), ct) is { } f ? ProblemResults.For<NoContent>(f) : TypedResults.NoContent();
}
