using System.Security.Claims;
using System.Text.Json;
using Ghiseu.Data;
using Ghiseu.Features.Audit;
using Ghiseu.Features.Identity;
using Ghiseu.Features.Units;
using Ghiseu.Web;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Cases;

/// <summary>Exports of cases, always within the caller's units and always audited.</summary>
public static class CaseExportEndpoints
{
    public const int MaxRows = 10_000;

    public static async Task<IResult> CsvAsync([AsParameters] CaseQuery query, ClaimsPrincipal user, GhiseuDb db, UnitDirectory units,
        CaseReader reader, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var (q, errors) = await query.BuildAsync(db, units, user.StaffId(), clock.GetUtcNow(), ct, whole: true);
        if (q is null) return Problems.Validation([.. errors]);
        var cases = await q.OrderByDescending(c => c.CreatedAt).Take(MaxRows).ToListAsync(ct);
        var rows = await reader.ToDtosAsync(cases, ct);
        await audit.RecordAsync("export", nameof(Case), null, details: JsonSerializer.Serialize(new { query, rows = rows.Count }, Json.Options), ct: ct);
        return CsvFiles.File(rows.Select(r => new
        {
            r.RegistrationNumber, r.Unit, r.Queue, r.Category, r.Subject, Channel = Json.Name(r.Channel), Priority = Json.Name(r.Priority),
            Status = Json.Name(r.Status), Assignee = r.Assignee?.Name, Citizen = r.Citizen.Name, r.CreatedAt, r.UpdatedAt,
            FirstResponseDue = r.DueAt.FirstResponse, ResolutionDue = r.DueAt.Resolution, LegalDue = r.DueAt.Legal,
            Tags = string.Join(' ', r.Tags), r.Overdue,
        }), $"cases-{clock.GetUtcNow():yyyyMMdd-HHmm}.csv");
    }

    public static async Task<IResult> BundleAsync(string id, GhiseuDb db, CaseReader reader, AuditLog audit, CancellationToken ct)
    {
        var c = await reader.FindAsync(id, ct);
        if (c is null) return Problems.NotFound();
        await audit.RecordAsync("export", nameof(Case), c.Id.ToString(), c.UnitId, ct: ct);
        var links = await db.CaseLinks.AsNoTracking().Where(l => l.CaseId == c.Id || l.TargetCaseId == c.Id).ToListAsync(ct);
        var referrals = await db.Referrals.AsNoTracking().Where(r => r.CaseId == c.Id).OrderBy(r => r.ReferredAt).ToListAsync(ct);
        return TypedResults.Ok(new
        {
            @case = await reader.ToDtoAsync(c, ct),
            interactions = await Timeline.LoadAsync(db, c.Id, publicOnly: false, ct),
            links = links.Select(l => new { l.CaseId, l.TargetCaseId, l.Kind, l.CreatedAt }),
            referrals = referrals.Select(r => new { r.Id, r.Authority, r.AuthorityName, r.Reason, r.ReferredAt, r.Outcome, r.OutcomeAt }),
        });
    }
}
