using Ghiseu.Data;
using Ghiseu.Features.Units;
using Ghiseu.Web;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Cases;

/// <summary>Loads cases within the caller's scope and shapes them for the API.</summary>
public sealed class CaseReader(GhiseuDb db, UnitDirectory units, TimeProvider clock)
{
    /// <summary>Finds a case by id or registration number; null when it does not exist or is outside the caller's units.</summary>
    public Task<Case?> FindAsync(string idOrNumber, CancellationToken ct) =>
        Guid.TryParse(idOrNumber, out var id)
            ? db.Cases.FirstOrDefaultAsync(c => c.Id == id, ct)
            : db.Cases.FirstOrDefaultAsync(c => c.RegistrationNumber == idOrNumber.ToUpperInvariant(), ct);

    public async Task<CaseDto> ToDtoAsync(Case c, CancellationToken ct) => (await ToDtosAsync([c], ct))[0];

    /// <summary>Shapes a case whose unit, queue, category and citizen the caller holds (one just registered): no queries.</summary>
    public CaseDto ToDto(Case c, CaseParts parts)
    {
        if (c.UnitId != parts.Unit.Id || c.QueueId != parts.Queue?.Id || c.CategoryId != parts.Category.Id
            || c.CitizenId != parts.Citizen.Id || c.AssigneeId is not null)
            throw new ArgumentException("The parts are not those of the case.", nameof(parts));
        return Shape(c, parts.Unit.Code, parts.Queue?.Code, parts.Category.Code, null, parts.Citizen.Name, clock.GetUtcNow());
    }

    /// <summary>Shapes cases with their codes and names, in at most four queries.</summary>
    public async Task<List<CaseDto>> ToDtosAsync(IReadOnlyList<Case> cases, CancellationToken ct)
    {
        var tree = await units.GetAsync(ct);
        var queueIds = cases.Where(c => c.QueueId != null).Select(c => c.QueueId!.Value).Distinct().ToList();
        var categoryIds = cases.Select(c => c.CategoryId).Distinct().ToList();
        var citizenIds = cases.Select(c => c.CitizenId).Distinct().ToList();
        var staffIds = cases.Where(c => c.AssigneeId != null).Select(c => c.AssigneeId!.Value).Distinct().ToList();
        // No query for an empty list (no case in a queue, none assigned): it could only come back empty.
        var queues = queueIds.Count == 0 ? [] : await db.Queues.AsNoTracking().Where(q => queueIds.Contains(q.Id)).ToDictionaryAsync(q => q.Id, q => q.Code, ct);
        var categories = categoryIds.Count == 0 ? [] : await db.Categories.AsNoTracking().Where(x => categoryIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Code, ct);
        // The case is visible, so its citizen's name is too, whatever the citizen filter says.
        var citizens = citizenIds.Count == 0 ? [] : await db.Citizens.IgnoreQueryFilters().AsNoTracking().Where(x => citizenIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, ct);
        var staff = staffIds.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => staffIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var now = clock.GetUtcNow();
        return [.. cases.Select(c => Shape(c, tree.ById.TryGetValue(c.UnitId, out var u) ? u.Code : "?",
            c.QueueId is { } q ? queues.GetValueOrDefault(q) : null, categories.GetValueOrDefault(c.CategoryId, "?"),
            c.AssigneeId is { } a ? new PersonRef(a, staff.GetValueOrDefault(a, "?")) : null,
            citizens.GetValueOrDefault(c.CitizenId, "?"), now))];
    }

    private static CaseDto Shape(Case c, string unit, string? queue, string category, PersonRef? assignee, string citizenName, DateTimeOffset now) => new(
        c.Id, c.RegistrationNumber, c.TrackingCode, unit, queue, category,
        c.Subject, c.Description, c.Channel, c.Priority, c.Status, assignee,
        new PersonRef(c.CitizenId, citizenName), c.CreatedAt, c.UpdatedAt,
        new DueDto(c.FirstResponseDue, c.ResolutionDue, c.LegalDue), c.Tags,
        c.Latitude is { } lat && c.Longitude is { } lon ? new LocationDto(lat, lon, c.Address) : null,
        c.Fields, c.IsOverdue(now), c.MergedIntoId, c.Version, c.ReplyChannel ?? c.Channel);

    public static string ETag(Case c) => ETags.Of(c.Version);
}
