using System.Text.RegularExpressions;
using Ghiseu.Data;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Citizens;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Channels.Email;

/// <summary>
/// Finds the case a message continues: by In-Reply-To/References (our own Message-IDs name the
/// interaction they carried; the citizen's name an earlier inbound message), else by a registration
/// number in brackets in the subject, and then only when the sender is that case's citizen. Never by
/// subject text alone.
/// </summary>
public sealed partial class ThreadFinder(GhiseuDb db)
{
    /// <summary>The Message-ID of an outbound interaction: &lt;ghiseu.{id}@domain&gt;.</summary>
    public static string OutboundId(Guid interactionId, string domain) => $"ghiseu.{interactionId:N}@{domain}";

    public static Guid? InteractionOf(string messageId)
    {
        var m = OurId().Match(messageId);
        return m.Success && Guid.TryParseExact(m.Groups[1].Value, "N", out var id) ? id : null;
    }

    public async Task<Case?> FindAsync(ParsedEmail mail, string? sender, CancellationToken ct)
    {
        Guid? caseId = null;
        var ours = mail.ThreadIds.Select(InteractionOf).OfType<Guid>().ToList();
        if (ours.Count > 0)
            caseId = await db.Interactions.Where(i => ours.Contains(i.Id)).OrderByDescending(i => i.At).Select(i => (Guid?)i.CaseId).FirstOrDefaultAsync(ct);
        var theirs = mail.ThreadIds.Where(t => t.Length <= 300).ToList();
        if (caseId is null && theirs.Count > 0)
            caseId = await db.Interactions.Where(i => i.Channel == Channel.Email && i.ExternalId != null && theirs.Contains(i.ExternalId))
                .OrderByDescending(i => i.At).Select(i => (Guid?)i.CaseId).FirstOrDefaultAsync(ct);
        if (caseId is null && sender is not null && Reference().Match(mail.Subject) is { Success: true } r)
        {
            var number = r.Groups[1].Value;
            caseId = await db.Cases.Where(c => c.RegistrationNumber == number
                    && (c.ContactEmail == sender || db.ContactPoints.Any(p => p.CitizenId == c.CitizenId && p.Kind == ContactKind.Email && p.Value == sender)))
                .Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
        }
        if (caseId is null) return null;
        var found = await db.Cases.FirstAsync(c => c.Id == caseId, ct);
        // A merged case continues in the case it was merged into.
        for (var hops = 0; found.MergedIntoId is { } target && hops < 10; hops++) found = await db.Cases.FirstAsync(c => c.Id == target, ct);
        return found.Status == CaseStatus.Closed ? null : found;
    }

    [GeneratedRegex(@"^<?ghiseu\.([0-9a-f]{32})@", RegexOptions.IgnoreCase)]
    private static partial Regex OurId();

    [GeneratedRegex(@"\[([A-Z][A-Z0-9]{1,15}-\d{4}-\d{6})\]")]
    private static partial Regex Reference();
}
