using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Ghiseu.Data;
using Ghiseu.Features.Cases;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Portal;

/// <summary>
/// Finds a case for a citizen who holds its registration number and tracking code. The code is the
/// citizen's key, so unit scope does not apply; a wrong pair is answered after the same delay as a
/// right one would take at most, so timing tells nothing about which half was wrong.
/// </summary>
public sealed class PortalCases(GhiseuDb db)
{
    private static readonly TimeSpan MinimumAnswer = TimeSpan.FromMilliseconds(400);

    public async Task<Case?> FindAsync(string registrationNumber, string? code, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var number = registrationNumber.Trim().ToUpperInvariant();
        var c = await db.Cases.IgnoreQueryFilters().FirstOrDefaultAsync(x => x.RegistrationNumber == number, ct);
        var typed = Encoding.ASCII.GetBytes(TrackingCodes.Normalize(code));
        var real = Encoding.ASCII.GetBytes(c?.TrackingCode ?? new string('-', typed.Length));
        if (c is not null && CryptographicOperations.FixedTimeEquals(typed, real)) return c;
        var left = MinimumAnswer - Stopwatch.GetElapsedTime(started);
        if (left > TimeSpan.Zero) await Task.Delay(left, ct);
        return null;
    }

    /// <summary>
    /// The requests filed with this (normalized, proven) email address as their own contact, newest
    /// first. Not every case of a citizen record holding the address: a record may have been joined
    /// by matching, and the sign-in proves only this address.
    /// </summary>
    public async Task<List<Case>> OfEmailAsync(string email, CancellationToken ct) =>
        await db.Cases.IgnoreQueryFilters().AsNoTracking().Where(c => c.ContactEmail == email && c.MergedIntoId == null)
            .OrderByDescending(c => c.CreatedAt).Take(200).ToListAsync(ct);

    public async Task<PortalStatus> StatusAsync(Case c, CancellationToken ct)
    {
        var unit = await db.Units.AsNoTracking().Where(u => u.Id == c.UnitId).Select(u => u.Code).FirstAsync(ct);
        var category = await db.Categories.AsNoTracking().Where(x => x.Id == c.CategoryId).Select(x => x.Code).FirstAsync(ct);
        var messages = await db.Interactions.IgnoreQueryFilters().AsNoTracking()
            .Where(i => i.CaseId == c.Id && i.Public && i.Kind != InteractionKind.StatusChange)
            .OrderBy(i => i.At).ThenBy(i => i.Id).ToListAsync(ct);
        var files = (await db.Attachments.IgnoreQueryFilters().AsNoTracking().Where(a => a.CaseId == c.Id && a.InteractionId != null).ToListAsync(ct))
            .ToLookup(a => a.InteractionId!.Value);
        return new PortalStatus(c.RegistrationNumber, c.Status, c.CreatedAt, c.UpdatedAt, c.Subject, unit, category, c.Rating,
            [.. messages.Select(i => new PortalMessage(i.At, Json.Name(i.Direction), Json.Name(i.Kind),
                i.Direction == Direction.Inbound ? i.AuthorName : null, i.Body,
                [.. files[i.Id].Select(a => new PortalFile(a.Id, a.FileName, a.Size))]))]);
    }
}
