using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Ghiseu.Data;
using Ghiseu.Features.Cases;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Portal;

/// <summary>
/// Opens a citizen's scope (<see cref="AccessScope.OfCitizen"/>): the one case whose registration
/// number and tracking code they hold, or the requests filed with the address they proved. Only
/// finding which cases those are looks past the context's filters; everything read afterwards goes
/// through them, so a citizen sees their cases' public timeline and files and nothing else.
/// A wrong number/code pair is answered after the same delay as a right one would take at most, so
/// timing tells nothing about which half was wrong.
/// </summary>
public sealed class PortalCases(GhiseuDb db, Citizens.CitizenDirectory citizens)
{
    private static readonly TimeSpan MinimumAnswer = TimeSpan.FromMilliseconds(400);

    public async Task<Case?> FindAsync(string registrationNumber, string? code, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var number = registrationNumber.Trim().ToUpperInvariant();
        var c = await db.Cases.IgnoreQueryFilters().FirstOrDefaultAsync(x => x.RegistrationNumber == number, ct);
        var typed = Encoding.ASCII.GetBytes(TrackingCodes.Normalize(code));
        var real = Encoding.ASCII.GetBytes(c?.TrackingCode ?? new string('-', typed.Length));
        if (c is not null && CryptographicOperations.FixedTimeEquals(typed, real))
        {
            db.Scope = AccessScope.OfCitizen([c.Id]);
            return c;
        }
        db.Scope = AccessScope.OfCitizen([]);
        var left = MinimumAnswer - Stopwatch.GetElapsedTime(started);
        if (left > TimeSpan.Zero) await Task.Delay(left, ct);
        return null;
    }

    /// <summary>
    /// The requests filed with this (normalized, proven) email address as their own contact, newest
    /// first. Not every case of a citizen record holding the address: a record may have been joined
    /// by matching, and the sign-in proves only this address.
    /// </summary>
    public async Task<List<Case>> OfEmailAsync(string email, CancellationToken ct)
    {
        var ids = await db.Cases.IgnoreQueryFilters().Where(c => c.ContactEmail == email && c.MergedIntoId == null)
            .OrderByDescending(c => c.CreatedAt).Take(200).Select(c => c.Id).ToListAsync(ct);
        db.Scope = AccessScope.OfCitizen(ids);
        return await db.Cases.AsNoTracking().OrderByDescending(c => c.CreatedAt).ToListAsync(ct);
    }

    /// <summary>Whether any citizen record or request names this address (whether a sign-in code is worth sending).</summary>
    public async Task<bool> IsKnownAsync(string email, CancellationToken ct) =>
        await citizens.AnyHoldsAsync(Citizens.ContactKind.Email, email, ct)
        || await db.Cases.IgnoreQueryFilters().AnyAsync(c => c.ContactEmail == email, ct);

    public async Task<PortalStatus> StatusAsync(Case c, CancellationToken ct)
    {
        var unit = await db.Units.AsNoTracking().Where(u => u.Id == c.UnitId).Select(u => u.Code).FirstAsync(ct);
        var category = await db.Categories.AsNoTracking().Where(x => x.Id == c.CategoryId).Select(x => x.Code).FirstAsync(ct);
        var messages = await db.Interactions.AsNoTracking()
            .Where(i => i.CaseId == c.Id && i.Kind != InteractionKind.StatusChange)
            .OrderBy(i => i.At).ThenBy(i => i.Id).ToListAsync(ct);
        var files = (await db.Attachments.AsNoTracking().Where(a => a.CaseId == c.Id && a.InteractionId != null).ToListAsync(ct))
            .ToLookup(a => a.InteractionId!.Value);
        return new PortalStatus(c.RegistrationNumber, c.Status, c.CreatedAt, c.UpdatedAt, c.Subject, unit, category, c.Rating,
            [.. messages.Select(i => new PortalMessage(i.At, Json.Name(i.Direction), Json.Name(i.Kind),
                i.Direction == Direction.Inbound ? i.AuthorName : null, i.Body,
                [.. files[i.Id].Select(a => new PortalFile(a.Id, a.FileName, a.Size))]))]);
    }
}
