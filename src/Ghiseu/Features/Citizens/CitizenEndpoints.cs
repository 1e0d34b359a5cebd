using System.ComponentModel.DataAnnotations;
using Ghiseu.Data;
using Ghiseu.Features.Audit;
using Ghiseu.Features.Identity;
using Ghiseu.Web;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Citizens;

public static class CitizenEndpoints
{
    public sealed record ContactDto(ContactKind Kind, string Value, bool Undeliverable, ContactSource Source, DateTimeOffset AddedAt, DateTimeOffset? VerifiedAt);
    public sealed record CitizenDto(Guid Id, string Name, string? Cnp, string? Country, string Language, DateTimeOffset CreatedAt,
        IEnumerable<ContactDto> ContactPoints, Guid? MergedInto, DateTimeOffset? CnpVerifiedAt = null);
    /// <summary>What staff checked against an identity document: a contact point of the citizen (kind and value), or the CNP (kind "cnp").</summary>
    public sealed record VerifyRequest([Required] string Kind, string? Value = null);
    public sealed record CitizenRequest([Required] string Name, string? Email = null, string? Phone = null, string? Language = null,
        string? Country = null, string? Cnp = null, string? Messaging = null, string? Unit = null);
    public sealed record MergeRequest([Required] Guid Into);

    public static IEndpointRouteBuilder MapCitizenEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/citizens").WithTags("Citizens").RequireAuthorization(Roles.StaffPolicy);
        g.MapPost("", CreateAsync).RequireAuthorization(Roles.CaseWorkPolicy)
            .WithSummary("Registers a citizen, or returns the one of your units already known by CNP, email or phone (200 then, 201 when new).");
        g.MapGet("", FindAsync).WithSummary("Finds citizens of your units by email, phone, CNP or name (diacritics ignored).");
        g.MapGet("/{id:guid}", GetAsync).WithSummary("A citizen with contact points; audited.");
        g.MapPost("/{id:guid}/merge", MergeAsync).RequireAuthorization(Roles.SupervisorPolicy)
            .WithSummary("Merges a citizen recorded twice into the other record: cases and contact points move over.");
        g.MapPost("/{id:guid}/verify", VerifyAsync).RequireAuthorization(Roles.CaseWorkPolicy)
            .WithSummary("Marks a contact point or the CNP as checked against an identity document; from then on it matches requests from any channel.");
        g.MapCitizenSuggestions();
        return app;
    }

    private static CitizenDto ToDto(Citizen c) => new(c.Id, c.Name, c.Cnp, c.Country, c.Language, c.CreatedAt,
        c.ContactPoints.Select(p => new ContactDto(p.Kind, p.Value, p.Undeliverable, p.Source, p.AddedAt, p.VerifiedAt)), c.MergedIntoId, c.CnpVerifiedAt);

    private static async Task<IResult> CreateAsync(CitizenRequest r, GhiseuDb db, CitizenDirectory directory, Units.UnitDirectory units, CancellationToken ct)
    {
        var contact = new CitizenContact(r.Name, r.Email, r.Phone, r.Language, r.Country, r.Cnp, r.Messaging);
        var errors = CitizenDirectory.Validate(contact, "");
        var unit = r.Unit is null ? null : await units.FindAsync(r.Unit, ct);
        if (r.Unit is not null && (unit is null || !db.Scope.Allows(unit.Id))) errors.Add(("unit", "No such unit."));
        if (errors.Count > 0) return Problems.Validation([.. errors]);
        var citizen = await directory.FindOrCreateAsync(contact, unit?.Id ?? (db.Scope.UnitIds is [var first, ..] ? first : (Guid?)null), ContactSource.Staff, ct);
        var isNew = db.Entry(citizen).State == EntityState.Added;
        await db.SaveChangesAsync(ct);
        if (isNew) return TypedResults.Created($"/api/v1/citizens/{citizen.Id}", ToDto(citizen));
        // Staff match only among their units' citizens: another unit's record is never shown or changed here.
        return TypedResults.Ok(ToDto(citizen));
    }

    private static async Task<IResult> FindAsync(string? email, string? phone, string? cnp, string? name, CitizenDirectory directory, AuditLog audit, CancellationToken ct)
    {
        if (email is null && phone is null && cnp is null && string.IsNullOrWhiteSpace(name))
            return Problems.Validation(("", "Give an email, phone, CNP or name to search by."));
        var (list, error) = await directory.SearchAsync(email, phone, cnp, name, ct);
        if (list is null) return Problems.Validation(("phone", error!));
        await audit.RecordAsync("search", nameof(Citizen), null, details: System.Text.Json.JsonSerializer.Serialize(new { email, phone, cnp, name, results = list.Count }), ct: ct);
        return TypedResults.Ok(list.Select(ToDto));
    }

    private static async Task<IResult> GetAsync(Guid id, GhiseuDb db, AuditLog audit, CancellationToken ct)
    {
        var c = await db.Citizens.AsNoTracking().Include(x => x.ContactPoints).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null) return Problems.NotFound();
        await audit.RecordAsync("read", nameof(Citizen), c.Id.ToString(), c.CreatedInUnitId, ct: ct);
        return TypedResults.Ok(ToDto(c));
    }

    private static async Task<IResult> MergeAsync(Guid id, MergeRequest r, GhiseuDb db, CitizenMerge merge, CancellationToken ct)
    {
        if (id == r.Into) return Problems.Validation(("into", "A citizen cannot be merged into itself."));
        var source = await db.Citizens.Include(x => x.ContactPoints).FirstOrDefaultAsync(x => x.Id == id, ct);
        var target = await db.Citizens.Include(x => x.ContactPoints).FirstOrDefaultAsync(x => x.Id == r.Into, ct);
        if (source is null) return Problems.NotFound();
        if (target is null) return Problems.Validation(("into", "No such citizen among those you can see."));
        if (source.MergedIntoId is not null || target.MergedIntoId is not null) return Problems.Conflict("One of the records was already merged.", "merged");
        await merge.MergeAsync(source, target, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("A suggestion about one of the records was decided meanwhile; look again.", "merged");
        }
        return TypedResults.Ok(ToDto(target));
    }

    private static async Task<IResult> VerifyAsync(Guid id, VerifyRequest r, GhiseuDb db, TimeProvider clock, CancellationToken ct)
    {
        var c = await db.Citizens.Include(x => x.ContactPoints).FirstOrDefaultAsync(x => x.Id == id && x.MergedIntoId == null, ct);
        if (c is null) return Problems.NotFound();
        var now = clock.GetUtcNow();
        if (string.Equals(r.Kind, "cnp", StringComparison.OrdinalIgnoreCase))
        {
            if (c.Cnp is null) return Problems.Validation(("kind", "The citizen has no CNP to confirm."));
            c.CnpVerifiedAt ??= now;
        }
        else
        {
            if (!Enum.TryParse<ContactKind>(r.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
                return Problems.Validation(("kind", "Give email, phone, messaging or cnp."));
            var value = kind switch
            {
                ContactKind.Email => ContactNormalizer.Email(r.Value),
                ContactKind.Phone => ContactNormalizer.Phone(r.Value),
                _ => r.Value?.Trim(),
            };
            var point = c.ContactPoints.FirstOrDefault(p => p.Kind == kind && p.Value == value);
            if (point is null) return Problems.Validation(("value", "The citizen has no such contact point."));
            point.VerifiedAt ??= now;
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToDto(c));
    }
}
