using Ghiseu.Data;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Cases;

/// <summary>A case's interactions in time order, with their attachments and, on inbound email, the sender check (its own columns: no read of the mail tables).</summary>
public static class Timeline
{
    public static async Task<List<InteractionDto>> LoadAsync(GhiseuDb db, Guid caseId, bool publicOnly, CancellationToken ct)
    {
        var interactions = await db.Interactions.AsNoTracking()
            .Where(i => i.CaseId == caseId && (!publicOnly || i.Public))
            .OrderBy(i => i.At).ThenBy(i => i.Id).ToListAsync(ct);
        var files = (await db.Attachments.AsNoTracking().Where(a => a.CaseId == caseId && a.InteractionId != null).ToListAsync(ct))
            .ToLookup(a => a.InteractionId!.Value);
        return [.. interactions.Select(i => new InteractionDto(i.Id, i.Kind, i.Direction, i.Channel, i.At, i.AuthorName, i.Body, i.Public,
            i.DeliveryState, i.DurationSeconds,
            [.. files[i.Id].Select(a => new AttachmentRef(a.Id, a.FileName, a.ContentType, a.Size, $"/api/v1/attachments/{a.Id}"))],
            i.SenderCheck, i.SenderResults))];
    }
}
