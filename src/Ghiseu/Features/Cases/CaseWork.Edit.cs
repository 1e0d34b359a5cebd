using System.Security.Claims;
using System.Text.Json;
using Ghiseu.Data;
using Ghiseu.Features.Categories;
using Ghiseu.Features.Identity;
using Ghiseu.Web;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Cases;

public sealed partial class CaseWork
{
    /// <summary>Applies a JSON merge patch (RFC 7396): absent members stay, null clears where allowed.</summary>
    public async Task<IResult> PatchAsync(string id, HttpRequest http, CancellationToken ct)
    {
        var c = await reader.FindAsync(id, ct);
        if (c is null) return Problems.NotFound();
        if (Stale(http, c)) return Problems.PreconditionFailed($"The case is at version {c.Version}; read it again.");
        using var doc = await JsonDocument.ParseAsync(http.Body, cancellationToken: ct);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) return Problems.Validation(("", "The body must be a JSON object."));
        var patch = doc.RootElement.Deserialize<CasePatch>(Json.Options)!;
        bool Has(string name) => doc.RootElement.TryGetProperty(name, out _);
        var errors = new List<(string, string)>();
        var user = http.HttpContext.User;

        if (Has("subject"))
        {
            if (string.IsNullOrWhiteSpace(patch.Subject) || patch.Subject.Length > 300) errors.Add(("subject", "A subject of 1 to 300 characters is required."));
            else c.Subject = patch.Subject.Trim();
        }
        if (Has("description"))
        {
            if (string.IsNullOrWhiteSpace(patch.Description) || patch.Description.Length > 20000) errors.Add(("description", "A description of 1 to 20,000 characters is required."));
            else c.Description = patch.Description.Trim();
        }
        if (Has("priority"))
        {
            if (patch.Priority is null) errors.Add(("priority", "Priority cannot be cleared."));
            else c.Priority = patch.Priority.Value;
        }
        Category? category = null;
        if (Has("category"))
        {
            category = await categories.FindAsync(c.UnitId, patch.Category, ct);
            if (category is null) errors.Add(("category", "No such category for the case's unit."));
            else c.CategoryId = category.Id;
        }
        if (Has("queue"))
        {
            var queue = patch.Queue is null ? null : await db.Queues.FirstOrDefaultAsync(q => q.UnitId == c.UnitId && q.Code == patch.Queue, ct);
            if (patch.Queue is not null && queue is null) errors.Add(("queue", "The case's unit has no such queue."));
            else c.QueueId = queue?.Id;
        }
        if (Has("tags"))
        {
            if (CaseTags.Check(patch.Tags ?? []) is { } tagError) errors.Add(("tags", tagError));
            else c.Tags = CaseTags.Normalize(patch.Tags);
        }
        if (Has("location"))
        {
            if (patch.Location is { } l && (l.Lat is < -90 or > 90 || l.Lon is < -180 or > 180)) errors.Add(("location", "Latitude is -90..90 and longitude -180..180."));
            else { c.Latitude = patch.Location?.Lat; c.Longitude = patch.Location?.Lon; c.Address = patch.Location?.Address; }
        }
        if (Has("fields"))
        {
            category ??= await db.Categories.AsNoTracking().FirstAsync(x => x.Id == c.CategoryId, ct);
            errors.AddRange(FieldValidation.Check(category, patch.Fields));
            c.Fields = patch.Fields ?? [];
        }
        if (errors.Count > 0) return Problems.Validation([.. errors]);
        var changed = string.Join(", ", doc.RootElement.EnumerateObject().Select(p => p.Name));
        Add(c, InteractionKind.FieldChange, Direction.Internal, $"changed {changed}", user);
        c.Touch(Now);
        return await SaveAsync(c, http.HttpContext, ct);
    }

    public async Task<IResult> LinkAsync(string id, LinkRequest r, HttpRequest http, ClaimsPrincipal user, CancellationToken ct)
    {
        var c = await reader.FindAsync(id, ct);
        if (c is null) return Problems.NotFound();
        return await Link(c, r, user, ct) ?? await SaveAsync(c, http.HttpContext, ct);
    }

    /// <summary>Links the case to another one the user can see (duplicate of, related, parent).</summary>
    public async Task<IResult?> Link(Case c, LinkRequest r, ClaimsPrincipal user, CancellationToken ct)
    {
        var target = await reader.FindAsync(r.Target, ct);
        if (target is null) return Problems.Validation(("target", "No such case among those you can see."));
        if (target.Id == c.Id) return Problems.Validation(("target", "A case cannot be linked to itself."));
        if (await db.CaseLinks.AnyAsync(l => l.CaseId == c.Id && l.TargetCaseId == target.Id && l.Kind == r.Kind, ct))
            return Problems.Conflict("The cases are already linked this way.", "duplicate-link");
        db.CaseLinks.Add(new CaseLink { CaseId = c.Id, TargetCaseId = target.Id, Kind = r.Kind, CreatedAt = Now, CreatedBy = user.StaffId() });
        Add(c, InteractionKind.Link, Direction.Internal, $"{Json.Name(r.Kind)} {target.RegistrationNumber}", user);
        c.Touch(Now);
        return null;
    }

    /// <summary>Moves the source's timeline and files to the target and closes the source as its duplicate.</summary>
    public async Task<IResult> MergeAsync(string id, string into, ClaimsPrincipal user, CancellationToken ct)
    {
        var source = await reader.FindAsync(id, ct);
        var target = await reader.FindAsync(into, ct);
        if (source is null) return Problems.NotFound();
        if (target is null) return Problems.Validation(("into", "No such case among those you can see."));
        if (target.Id == source.Id || target.MergedIntoId is not null || source.MergedIntoId is not null)
            return Problems.Conflict("Only two distinct, unmerged cases can be merged.", "merge-invalid");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Interactions.Where(i => i.CaseId == source.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.CaseId, target.Id).SetProperty(i => i.UnitId, target.UnitId), ct);
        await db.Attachments.Where(a => a.CaseId == source.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.CaseId, target.Id).SetProperty(a => a.UnitId, target.UnitId), ct);
        source.CloseAsMerged(target.Id, Now);
        db.CaseLinks.Add(new CaseLink { CaseId = source.Id, TargetCaseId = target.Id, Kind = LinkKind.DuplicateOf, CreatedAt = Now, CreatedBy = user.StaffId() });
        Add(source, InteractionKind.Merge, Direction.Internal, $"merged into {target.RegistrationNumber}", user);
        Add(target, InteractionKind.Merge, Direction.Internal, $"{source.RegistrationNumber} merged into this case", user);
        target.Tags = [.. target.Tags.Union(source.Tags)];
        target.Touch(Now);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(await reader.ToDtoAsync(target, ct));
    }
}
