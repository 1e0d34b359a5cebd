using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Ghiseu.Data;
using Ghiseu.Features.Identity;
using Ghiseu.Web;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Desk;

public sealed record SavedViewRequest([Required, StringLength(100, MinimumLength = 1)] string Name, [Required] string View,
    [StringLength(2000)] string? Query = null, int Position = 0);

public sealed record SavedViewDto(Guid Id, string Name, string View, string Query, int Position, DateTimeOffset UpdatedAt);

/// <summary>Personal saved views: each staff member sees and changes only their own; another's is 404.</summary>
public static class SavedViewEndpoints
{
    public const int MaxPerUser = 50;

    public static void Map(RouteGroupBuilder desk)
    {
        var g = desk.MapGroup("/saved-views");
        g.MapGet("", ListAsync).WithSummary("Your saved views, in your order.");
        g.MapPost("", CreateAsync).WithSummary("Saves a view with its filters (a query string the view endpoint accepts).");
        g.MapPut("/{id:guid}", UpdateAsync).WithSummary("Renames or changes one of your saved views.");
        g.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Deletes one of your saved views.");
    }

    private static IQueryable<SavedView> Mine(GhiseuDb db, ClaimsPrincipal user)
    {
        var me = user.StaffId()!.Value;
        return db.Set<SavedView>().Where(v => v.OwnerId == me);
    }

    private static SavedViewDto Dto(SavedView v) => new(v.Id, v.Name, v.View, v.Query, v.Position, v.UpdatedAt);

    internal static async Task<IResult> ListAsync(ClaimsPrincipal user, GhiseuDb db, CancellationToken ct) =>
        TypedResults.Ok((await Mine(db, user).AsNoTracking().OrderBy(v => v.Position).ThenBy(v => v.Name).ToListAsync(ct)).Select(Dto));

    internal static async Task<IResult> CreateAsync(SavedViewRequest r, ClaimsPrincipal user, GhiseuDb db, TimeProvider clock, CancellationToken ct)
    {
        if (Validate(r) is { Count: > 0 } errors) return Problems.Validation([.. errors]);
        if (await Mine(db, user).CountAsync(ct) >= MaxPerUser) return Problems.Validation(("name", $"At most {MaxPerUser} saved views."));
        var now = clock.GetUtcNow();
        var view = new SavedView { OwnerId = user.StaffId()!.Value, Name = r.Name.Trim(), View = r.View, Query = Normalize(r.Query), Position = r.Position, CreatedAt = now, UpdatedAt = now };
        db.Add(view);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/desk/saved-views/{view.Id}", Dto(view));
    }

    private static async Task<IResult> UpdateAsync(Guid id, SavedViewRequest r, ClaimsPrincipal user, GhiseuDb db, TimeProvider clock, CancellationToken ct)
    {
        var view = await Mine(db, user).FirstOrDefaultAsync(v => v.Id == id, ct);
        if (view is null) return Problems.NotFound();
        if (Validate(r) is { Count: > 0 } errors) return Problems.Validation([.. errors]);
        (view.Name, view.View, view.Query, view.Position, view.UpdatedAt) = (r.Name.Trim(), r.View, Normalize(r.Query), r.Position, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(Dto(view));
    }

    internal static async Task<IResult> DeleteAsync(Guid id, ClaimsPrincipal user, GhiseuDb db, CancellationToken ct)
    {
        var view = await Mine(db, user).FirstOrDefaultAsync(v => v.Id == id, ct);
        if (view is null) return Problems.NotFound();
        db.Remove(view);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static List<(string, string)> Validate(SavedViewRequest r)
    {
        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(r.Name) || r.Name.Length > 100) errors.Add(("name", "A name of 1 to 100 characters is required."));
        if (!InboxViews.Names.Contains(r.View)) errors.Add(("view", $"Use one of: {string.Join(", ", InboxViews.Names)}."));
        if (r.Query is { Length: > 2000 }) errors.Add(("query", "At most 2,000 characters."));
        return errors;
    }

    /// <summary>Keeps the query string's parameters as given, without a leading '?' or fragments.</summary>
    private static string Normalize(string? query)
    {
        var parsed = QueryHelpers.ParseQuery(query?.TrimStart('?') ?? "");
        return string.Join('&', parsed.SelectMany(p => p.Value.Select(v => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(v ?? "")}")));
    }
}
