using Ghiseu.Data;
using Ghiseu.Features.Attachments;
using Ghiseu.Features.Citizens;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Ghiseu.Features.Channels.Email;

/// <summary>
/// Records a received message durably: the raw bytes fsynced into the file store, then one row
/// committed. Only then may the sender (SMTP) or the mailbox (IMAP) be told it is ours. The same
/// message received again (same Message-ID, or same bytes without one) is recognized, not stored twice.
/// </summary>
public sealed class InboundStore(IDbContextFactory<GhiseuDb> factory, FileStore files, InboundSignal signal, TimeProvider clock)
{
    public sealed record Receipt(string Source, string? EnvelopeFrom, IReadOnlyList<string> Recipients,
        Guid? ImapAccountId = null, long? ImapUid = null, long? ImapUidValidity = null);

    /// <summary>Stores the message; returns its row and whether it was already known.</summary>
    public async Task<(InboundEmail Row, bool Duplicate)> SaveAsync(Stream raw, Receipt receipt, CancellationToken ct)
    {
        var (sha, size) = await files.SaveAsync(raw, ct);
        HeaderList? headers = null;
        raw.Position = 0;
        try { headers = await HeaderList.LoadAsync(raw, ct); } // the headers only: the body is the worker's
        catch (FormatException) { } // kept anyway: processing sends it to quarantine with the reason
        var messageId = headers?[HeaderId.MessageId] is { } mid ? MimeKit.Utils.MimeUtils.EnumerateReferences(mid).FirstOrDefault() ?? mid.Trim() : null;
        var from = headers?[HeaderId.From] is { } f && InternetAddressList.TryParse(f, out var list) ? list.Mailboxes.FirstOrDefault()?.Address : null;
        var subject = headers?[HeaderId.Subject] is { } sj ? DecodeSubject(sj) : null;
        var key = Key(messageId, sha);
        await using var db = await factory.CreateDbContextAsync(ct);
        var existing = await db.InboundEmails.FirstOrDefaultAsync(m => m.MessageKey == key, ct);
        if (existing is not null) return (existing, true);
        var now = clock.GetUtcNow();
        var row = new InboundEmail
        {
            MessageKey = key, MessageId = Clip(messageId, 998), Sha256 = sha, Size = size, Source = receipt.Source,
            ImapAccountId = receipt.ImapAccountId, ImapUid = receipt.ImapUid, ImapUidValidity = receipt.ImapUidValidity,
            EnvelopeFrom = Clip(receipt.EnvelopeFrom, 254), Recipients = Clip(string.Join(",", receipt.Recipients), 2000) ?? "",
            Sender = Clip(ContactNormalizer.Email(from) ?? receipt.EnvelopeFrom?.ToLowerInvariant(), 254),
            Subject = Clip(subject, 300), ReceivedAt = now, NextAttemptAt = now, State = InboundState.Pending,
        };
        db.InboundEmails.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
            signal.Notify();
            return (row, false);
        }
        catch (DbUpdateException)
        {
            // Another session stored the same message first: it is ours once, which is all that counts.
            await using var again = await factory.CreateDbContextAsync(ct);
            var winner = await again.InboundEmails.FirstOrDefaultAsync(m => m.MessageKey == key, ct);
            if (winner is null) throw;
            return (winner, true);
        }
    }

    /// <summary>"mid:" + Message-ID, hashed when longer than the column; "sha:" + content hash without one.</summary>
    public static string Key(string? messageId, string sha256)
    {
        if (string.IsNullOrWhiteSpace(messageId)) return $"sha:{sha256}";
        var id = messageId.Trim();
        return id.Length <= 290 ? $"mid:{id}"
            : $"mid#{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)))}";
    }

    private static string DecodeSubject(string raw)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(raw);
        return MimeKit.Utils.Rfc2047.DecodeText(bytes).Trim();
    }

    private static string? Clip(string? s, int max) => s is null ? null : s.Length <= max ? s : s[..max];
}
