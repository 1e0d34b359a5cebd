using Ghiseu.Data;
using Ghiseu.Features.Attachments;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Ghiseu.Features.Channels.Email;

/// <summary>
/// Makes an email about a case a proper reply: from the unit's address, with a Message-ID that names
/// the interaction (so the answer threads back), In-Reply-To and References to the citizen's last
/// message, the unit's signature in the citizen's language, and the interaction's files.
/// </summary>
public sealed class OutgoingThreading(IDbContextFactory<GhiseuDb> factory, EmailRouting routing, FileStore files, IOptions<EmailOptions> options)
    : IOutgoingEmailDecorator
{
    public async Task DecorateAsync(MimeMessage message, NotificationPayload payload, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        // Only the keys: a case row carries its whole description and search text, read for nothing here.
        var c = await db.Cases.AsNoTracking().Where(x => x.Id == payload.CaseId).Select(x => new { x.Id, x.UnitId, x.CitizenId }).FirstOrDefaultAsync(ct);
        var sent = await db.Interactions.AsNoTracking().Where(i => i.Id == payload.InteractionId)
            .Select(i => new { i.Id, i.At, i.AuthorStaffId }).FirstOrDefaultAsync(ct);
        if (c is null || sent is null) return;
        message.MessageId = ThreadFinder.OutboundId(sent.Id, options.Value.MessageIdDomain);
        if (await ReplyFromAsync(db, c.Id, c.UnitId, ct) is { } from)
        {
            var name = message.From.Mailboxes.FirstOrDefault()?.Name;
            message.From.Clear();
            message.From.Add(new MailboxAddress(name, from));
        }
        var earlier = await db.Interactions.AsNoTracking()
            .Where(i => i.CaseId == c.Id && i.Channel == Channel.Email && i.Id != sent.Id && i.At <= sent.At)
            .OrderBy(i => i.At).Select(i => new { i.Id, i.Direction, i.ExternalId }).ToListAsync(ct);
        var ids = earlier.Select(i => i.Direction == Direction.Inbound ? i.ExternalId : ThreadFinder.OutboundId(i.Id, options.Value.MessageIdDomain))
            .OfType<string>().TakeLast(20).ToList();
        var lastInbound = earlier.LastOrDefault(i => i.Direction == Direction.Inbound && i.ExternalId is not null)?.ExternalId;
        if (lastInbound is not null) message.InReplyTo = lastInbound;
        foreach (var id in ids) message.References.Add(id);
        if (sent.AuthorStaffId is not null)
        {
            // A person's answer: the citizen's auto-responder may answer it, and the unit signs it.
            message.Headers.Remove("Auto-Submitted");
            var language = await db.Citizens.IgnoreQueryFilters().Where(x => x.Id == c.CitizenId).Select(x => x.Language).FirstOrDefaultAsync(ct);
            var profile = await db.UnitEmailProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.UnitId == c.UnitId, ct);
            var signature = language == "en" ? profile?.SignatureEn ?? profile?.SignatureRo : profile?.SignatureRo ?? profile?.SignatureEn;
            await ComposeAsync(db, message, payload.Body, signature, sent.Id, ct);
        }
    }

    /// <summary>The address the citizen wrote to, when it still belongs to the case's unit; else the unit's own address.</summary>
    private async Task<string?> ReplyFromAsync(GhiseuDb db, Guid caseId, Guid unitId, CancellationToken ct)
    {
        var wroteTo = await FirstRecipients(db, caseId).FirstOrDefaultAsync(ct);
        foreach (var address in (wroteTo ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
            if (await routing.FindAsync(address, ct) is { } route && route.UnitId == unitId) return route.ReplyFrom;
        return (await routing.GetAsync(ct)).FromByUnit.GetValueOrDefault(unitId);
    }

    /// <summary>Recipients of the case's first inbound message, read by the index on the case.</summary>
    internal static IQueryable<string> FirstRecipients(GhiseuDb db, Guid caseId) =>
        db.InboundEmails.AsNoTracking().Where(m => m.CaseId == caseId).OrderBy(m => m.ReceivedAt).Select(m => m.Recipients);

    private async Task ComposeAsync(GhiseuDb db, MimeMessage message, string body, string? signature, Guid interactionId, CancellationToken ct)
    {
        var builder = new BodyBuilder { TextBody = string.IsNullOrWhiteSpace(signature) ? body : $"{body}\n\n-- \n{signature.Trim()}" };
        foreach (var a in await db.Attachments.AsNoTracking().Where(a => a.InteractionId == interactionId).ToListAsync(ct))
        {
            await using var s = files.Open(a.Sha256) ?? throw new InvalidOperationException($"Attachment {a.FileName} is missing from the file store.");
            using var copy = new MemoryStream();
            await s.CopyToAsync(copy, ct);
            await builder.Attachments.AddAsync(a.FileName, new MemoryStream(copy.ToArray()), ContentType.Parse(a.ContentType), ct);
        }
        message.Body = builder.ToMessageBody();
    }
}
