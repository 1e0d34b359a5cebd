using Ghiseu.Common;
using Ghiseu.Data;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Desk;

/// <summary>Personal saved views: each staff member sees and changes only their own; another's is not found.</summary>
public sealed class SavedViews(GhiseuDb db, TimeProvider clock)
{
    public const int MaxPerUser = 50;

    private static readonly Failure.Unauthorized NoStaff = new("Saved views belong to a signed-in staff member.");

    private IQueryable<SavedView> Mine(Guid me) => db.Set<SavedView>().Where(v => v.OwnerId == me);

    private static SavedViewDto Dto(SavedView v) => new(v.Id, v.Name, v.View, v.Query, v.Position, v.UpdatedAt);

    /// <summary>The actor's saved views, in their order (none for an actor who is not a staff member).</summary>
    public async Task<List<SavedViewDto>> ListAsync(Actor actor, CancellationToken ct) =>
        actor.StaffId is { } me
            ? [.. (await Mine(me).AsNoTracking().OrderBy(v => v.Position).ThenBy(v => v.Name).ToListAsync(ct)).Select(Dto)]
            : [];

    public async Task<Outcome<SavedViewDto>> CreateAsync(SavedViewRequest r, Actor actor, CancellationToken ct)
    {
        if (actor.StaffId is not { } me) return NoStaff;
        if (Validate(r) is { Count: > 0 } errors) return new Failure.Invalid(errors);
        if (await Mine(me).CountAsync(ct) >= MaxPerUser) return new Failure.Invalid("name", $"At most {MaxPerUser} saved views.");
        var now = clock.GetUtcNow();
        var view = new SavedView { OwnerId = me, Name = r.Name.Trim(), View = r.View, Query = Normalize(r.Query), Position = r.Position, CreatedAt = now, UpdatedAt = now };
        db.Add(view);
        await db.SaveChangesAsync(ct);
        return Dto(view);
    }

    public async Task<Outcome<SavedViewDto>> UpdateAsync(Guid id, SavedViewRequest r, Actor actor, CancellationToken ct)
    {
        if (actor.StaffId is not { } me) return NoStaff;
        var view = await Mine(me).FirstOrDefaultAsync(v => v.Id == id, ct);
        if (view is null) return new Failure.NotFound();
        if (Validate(r) is { Count: > 0 } errors) return new Failure.Invalid(errors);
        (view.Name, view.View, view.Query, view.Position, view.UpdatedAt) = (r.Name.Trim(), r.View, Normalize(r.Query), r.Position, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return Dto(view);
    }

    /// <summary>Deletes one of the actor's views; null when done.</summary>
    public async Task<Failure?> DeleteAsync(Guid id, Actor actor, CancellationToken ct)
    {
        if (actor.StaffId is not { } me) return NoStaff;
        var view = await Mine(me).FirstOrDefaultAsync(v => v.Id == id, ct);
        if (view is null) return new Failure.NotFound();
        db.Remove(view);
        await db.SaveChangesAsync(ct);
        return null;
    }

    private static List<FieldError> Validate(SavedViewRequest r)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(r.Name) || r.Name.Length > 100) errors.Add(new("name", "A name of 1 to 100 characters is required."));
        if (!InboxViews.Names.Contains(r.View)) errors.Add(new("view", $"Use one of: {string.Join(", ", InboxViews.Names)}."));
        if (r.Query is { Length: > 2000 }) errors.Add(new("query", "At most 2,000 characters."));
        return errors;
    }

    /// <summary>Keeps the query string's parameters as given, without a leading '?' or fragments.</summary>
    private static string Normalize(string? query)
    {
        var parsed = QueryHelpers.ParseQuery(query?.TrimStart('?') ?? "");
        return string.Join('&', parsed.SelectMany(p => p.Value.Select(v => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(v ?? "")}")));
    }
}
