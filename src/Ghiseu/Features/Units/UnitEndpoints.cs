using System.ComponentModel.DataAnnotations;
using Ghiseu.Data;
using Ghiseu.Features.Identity;
using Ghiseu.Web;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Units;

public static class UnitEndpoints
{
    public sealed record UnitDto(Guid Id, string Code, string Name, string? NameEn, Guid? ParentId, string TimeZone, string? Country, string? Email);
    public sealed record QueueDto(Guid Id, Guid UnitId, string Unit, string Code, string Name);
    public sealed record UnitRequest(
        [Required, RegularExpression("^[A-Z][A-Z0-9]{1,15}$", ErrorMessage = "Use 2 to 16 capital letters or digits, starting with a letter.")] string Code,
        [Required, StringLength(200)] string Name, [StringLength(200)] string? NameEn, string? Parent, [Required] string TimeZone,
        [RegularExpression("^[A-Z]{2}$", ErrorMessage = "Use an ISO 3166 alpha-2 code.")] string? Country, [EmailAddress] string? Email);
    public sealed record QueueRequest([Required] string Unit, [Required, RegularExpression("^[a-z0-9-]{1,64}$")] string Code, [Required, StringLength(200)] string Name);

    public static IEndpointRouteBuilder MapUnitEndpoints(this IEndpointRouteBuilder app)
    {
        var units = app.MapGroup("/api/v1/units").WithTags("Units").RequireAuthorization(Roles.StaffPolicy);
        units.MapGet("", async (UnitDirectory dir, CancellationToken ct) =>
                (await dir.GetAsync(ct)).ById.Values.OrderBy(u => u.Code, StringComparer.Ordinal).Select(ToDto))
            .WithSummary("Every unit of the organization, as a flat list with parent ids.");
        units.MapPost("", CreateUnitAsync).RequireAuthorization(Roles.SystemAdminPolicy).WithSummary("Adds a unit (system administrators).");

        var queues = app.MapGroup("/api/v1/queues").WithTags("Units").RequireAuthorization(Roles.StaffPolicy);
        queues.MapGet("", ListQueuesAsync).WithSummary("Queues, optionally of one unit (code or id).");
        queues.MapPost("", CreateQueueAsync).RequireAuthorization(Roles.UnitAdminPolicy).WithSummary("Adds a queue to a unit you administer.");
        return app;
    }

    private static UnitDto ToDto(Unit u) => new(u.Id, u.Code, u.Name, u.NameEn, u.ParentId, u.TimeZone, u.Country, u.Email);

    private static async Task<IResult> CreateUnitAsync(UnitRequest request, GhiseuDb db, UnitDirectory dir, CancellationToken ct)
    {
        if (await dir.FindAsync(request.Code, ct) is not null) return Problems.Validation(("code", "A unit with this code exists."));
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(request.TimeZone, out _)) return Problems.Validation(("timeZone", "Unknown IANA time zone."));
        Unit? parent = null;
        if (request.Parent is not null && (parent = await dir.FindAsync(request.Parent, ct)) is null)
            return Problems.Validation(("parent", "No such unit."));
        var unit = new Unit { Code = request.Code, Name = request.Name, NameEn = request.NameEn, ParentId = parent?.Id, TimeZone = request.TimeZone, Country = request.Country, Email = request.Email };
        db.Units.Add(unit);
        await db.SaveChangesAsync(ct);
        dir.Invalidate();
        return TypedResults.Created($"/api/v1/units/{unit.Id}", ToDto(unit));
    }

    private static async Task<IResult> ListQueuesAsync(string? unit, GhiseuDb db, UnitDirectory dir, CancellationToken ct)
    {
        var query = db.Queues.AsNoTracking().Where(q => db.Scope.All || db.Scope.UnitIds.Contains(q.UnitId));
        if (unit is not null)
        {
            var u = await dir.FindAsync(unit, ct);
            if (u is null) return Problems.Validation(("unit", "No such unit."));
            query = query.Where(q => q.UnitId == u.Id);
        }
        var list = await query.OrderBy(q => q.Code).Select(q => new QueueDto(q.Id, q.UnitId, q.Unit!.Code, q.Code, q.Name)).ToListAsync(ct);
        return TypedResults.Ok(list);
    }

    private static async Task<IResult> CreateQueueAsync(QueueRequest request, GhiseuDb db, UnitDirectory dir, CancellationToken ct)
    {
        var unit = await dir.FindAsync(request.Unit, ct);
        if (unit is null || !db.Scope.Allows(unit.Id)) return Problems.Validation(("unit", "No such unit among those you administer."));
        if (await db.Queues.AnyAsync(q => q.UnitId == unit.Id && q.Code == request.Code, ct))
            return Problems.Validation(("code", "The unit already has a queue with this code."));
        var queue = new Queue { UnitId = unit.Id, Code = request.Code, Name = request.Name };
        db.Queues.Add(queue);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/queues/{queue.Id}", new QueueDto(queue.Id, unit.Id, unit.Code, queue.Code, queue.Name));
    }
}
