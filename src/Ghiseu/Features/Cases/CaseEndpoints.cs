using System.Security.Claims;
using Ghiseu.Data;
using Ghiseu.Features.Audit;
using Ghiseu.Features.Idempotency;
using Ghiseu.Features.Identity;
using Ghiseu.Features.Units;
using Ghiseu.Web;

namespace Ghiseu.Features.Cases;

public static class CaseEndpoints
{
    public static IEndpointRouteBuilder MapCaseEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/cases").WithTags("Cases").RequireAuthorization(Roles.StaffPolicy);
        g.MapPost("", CreateAsync).RequireAuthorization(Roles.CaseWorkPolicy).Idempotent<Case>(ReplayCreatedAsync)
            .WithSummary("Registers a case on behalf of a citizen; returns it with its registration number and tracking code.");
        g.MapGet("", ListAsync).WithSummary("Cases of your units, filtered, sorted and paged by cursor.");
        g.MapGet("/export", CaseExportEndpoints.CsvAsync).WithSummary("The filtered case list as CSV (at most 10,000 rows); the export is audited.");
        g.MapGet("/{id}", GetAsync).WithSummary("One case by id or registration number; the ETag header carries its version.");
        g.MapGet("/{id}/interactions", InteractionsAsync).WithSummary("Every message and event on the case, oldest first.");
        g.MapGet("/{id}/export", CaseExportEndpoints.BundleAsync).WithSummary("The case with its timeline, links and referrals as one JSON document; audited.");
        CaseWorkEndpoints.Map(g);
        return app;
    }

    /// <summary>
    /// How a case endpoint answers a retried Idempotency-Key when the first answer was lost after the
    /// commit: the case as it is now, with the status and Location the endpoint gives.
    /// </summary>
    internal static Task<IResult?> ReplayCreatedAsync(HttpContext http, Guid id, CancellationToken ct) =>
        ReplayAsync(http, id, dto => TypedResults.Created($"/api/v1/cases/{dto.Id}", dto), ct);

    internal static Task<IResult?> ReplayChangedAsync(HttpContext http, Guid id, CancellationToken ct) =>
        ReplayAsync(http, id, TypedResults.Ok, ct);

    private static async Task<IResult?> ReplayAsync(HttpContext http, Guid id, Func<CaseDto, IResult> answer, CancellationToken ct)
    {
        var reader = http.RequestServices.GetRequiredService<CaseReader>();
        if (await reader.FindAsync(id.ToString(), ct) is not { } c) return null;
        http.Response.Headers.ETag = CaseReader.ETag(c);
        return answer(await reader.ToDtoAsync(c, ct));
    }

    private static async Task<IResult> CreateAsync(CreateCaseRequest request, HttpContext http, GhiseuDb db, CaseIntake intake, CaseReader reader, CancellationToken ct)
    {
        var user = http.User;
        var result = await intake.CreateAsync(request, user.Actor(db.Scope), ct);
        if (result.Value is not { } created) return Problems.For(result.Failure!);
        var dto = reader.ToDto(created.Case, created.Parts);
        http.Response.Headers.ETag = CaseReader.ETag(created.Case);
        return TypedResults.Created($"/api/v1/cases/{dto.Id}", dto);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, CaseReader reader, AuditLog audit, CancellationToken ct)
    {
        var c = await reader.FindAsync(id, ct);
        if (c is null) return Problems.NotFound();
        await audit.RecordAsync("read", nameof(Case), c.Id.ToString(), c.UnitId, ct: ct);
        http.Response.Headers.ETag = CaseReader.ETag(c);
        return TypedResults.Ok(await reader.ToDtoAsync(c, ct));
    }

    private static async Task<IResult> ListAsync([AsParameters] CaseQuery query, ClaimsPrincipal user, GhiseuDb db, UnitDirectory units,
        CaseReader reader, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var (q, errors) = await query.BuildAsync(db, units, user.StaffId(), clock.GetUtcNow(), ct);
        if (q is null) return Problems.Validation([.. errors]);
        var (items, next) = await query.PageAsync(q, ct);
        await audit.RecordAsync("list", nameof(Case), null, details: System.Text.Json.JsonSerializer.Serialize(query, Json.Options), ct: ct);
        return TypedResults.Ok(new PageDto<CaseDto>(await reader.ToDtosAsync(items, ct), next));
    }

    private static async Task<IResult> InteractionsAsync(string id, CaseReader reader, GhiseuDb db, AuditLog audit, CancellationToken ct)
    {
        var c = await reader.FindAsync(id, ct);
        if (c is null) return Problems.NotFound();
        await audit.RecordAsync("read", nameof(Interaction), c.Id.ToString(), c.UnitId, ct: ct);
        return TypedResults.Ok(await Timeline.LoadAsync(db, c.Id, publicOnly: false, ct));
    }
}
