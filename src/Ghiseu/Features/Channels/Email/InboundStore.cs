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
/// Rows arriving together (several SMTP sessions, an IMAP mailbox being read) commit together: the
/// first waiting caller commits every row queued by then (group commit), one transaction for all.
/// </summary>
public sealed class InboundStore(IDbContextFactory<GhiseuDb> factory, FileStore files, InboundSignal signal, TimeProvider clock) : IDisposable
{
    public sealed record Receipt(string Source, string? EnvelopeFrom, IReadOnlyList<string> Recipients,
        Guid? ImapAccountId = null, long? ImapUid = null, long? ImapUidValidity = null, string? ClientAddress = null);

    private sealed record Pending(InboundEmail Row)
    {
        public TaskCompletionSource<(InboundEmail, bool)> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private const int MaxGroup = 200;
    private readonly System.Collections.Concurrent.ConcurrentQueue<Pending> queue = new();
    private readonly SemaphoreSlim committer = new(1, 1);

    /// <summary>Stores the message; returns its row and whether it was already known.</summary>
    public async Task<(InboundEmail Row, bool Duplicate)> SaveAsync(Stream raw, Receipt receipt, CancellationToken ct)
    {
        var (sha, size) = await files.SaveAsync(raw, ct);
        HeaderList? headers = null;
        // Read back from the stored file, so the message may arrive on any stream, read once.
        await using (var stored = files.Open(sha) ?? throw new IOException("The message just stored cannot be read back."))
        {
            // The headers only (the body is the worker's), with the synchronous parser: the file is local,
            // and MimeKit's asynchronous one costs several times the CPU.
            try { headers = HeaderList.Load(stored, ct); }
            catch (FormatException) { } // kept anyway: processing sends it to quarantine with the reason
        }
        var messageId = headers?[HeaderId.MessageId] is { } mid ? MimeKit.Utils.MimeUtils.EnumerateReferences(mid).FirstOrDefault() ?? mid.Trim() : null;
        var from = headers?[HeaderId.From] is { } f && InternetAddressList.TryParse(f, out var list) ? list.Mailboxes.FirstOrDefault()?.Address : null;
        var subject = headers?[HeaderId.Subject] is { } sj ? DecodeSubject(sj) : null;
        var now = clock.GetUtcNow();
        var item = new Pending(new InboundEmail
        {
            MessageKey = Key(messageId, sha), MessageId = Clip(messageId, 998), Sha256 = sha, Size = size, Source = receipt.Source,
            ImapAccountId = receipt.ImapAccountId, ImapUid = receipt.ImapUid, ImapUidValidity = receipt.ImapUidValidity,
            EnvelopeFrom = Clip(receipt.EnvelopeFrom, 254), ClientAddress = Clip(receipt.ClientAddress, 45), Recipients = Clip(string.Join(",", receipt.Recipients), 2000) ?? "",
            Sender = Clip(ContactNormalizer.Email(from) ?? receipt.EnvelopeFrom?.ToLowerInvariant(), 254),
            Subject = Clip(subject, 300), ReceivedAt = now, NextAttemptAt = now, State = InboundState.Pending,
        });
        queue.Enqueue(item);
        await committer.WaitAsync(ct);
        try
        {
            if (!item.Done.Task.IsCompleted) await CommitQueuedAsync();
        }
        finally
        {
            committer.Release();
        }
        return await item.Done.Task;
    }

    /// <summary>Commits every queued row in one transaction; a row whose message is already known answers with the known one.</summary>
    private async Task CommitQueuedAsync()
    {
        var group = new List<Pending>();
        while (group.Count < MaxGroup && queue.TryDequeue(out var p)) group.Add(p);
        if (group.Count == 0) return;
        // Not the caller's token: the rows of other sessions are committed here too.
        var ct = CancellationToken.None;
        try
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var keys = group.Select(p => p.Row.MessageKey).Distinct().ToList();
            var known = await db.InboundEmails.Where(m => keys.Contains(m.MessageKey)).ToDictionaryAsync(m => m.MessageKey, ct);
            var fresh = new Dictionary<string, InboundEmail>();
            foreach (var p in group)
                if (!known.ContainsKey(p.Row.MessageKey) && fresh.TryAdd(p.Row.MessageKey, p.Row)) db.InboundEmails.Add(p.Row);
            if (fresh.Count > 0) await db.SaveChangesAsync(ct);
            foreach (var p in group)
                p.Done.TrySetResult(known.TryGetValue(p.Row.MessageKey, out var k) ? (k, true)
                    : ReferenceEquals(fresh[p.Row.MessageKey], p.Row) ? (p.Row, false) : (fresh[p.Row.MessageKey], true));
            if (fresh.Count > 0) signal.Notify();
        }
        catch (DbUpdateException)
        {
            // Another node stored one of these messages first: each row on its own then, so only that one is a duplicate.
            foreach (var p in group) await SaveOneAsync(p);
        }
        catch (Exception e)
        {
            foreach (var p in group) p.Done.TrySetException(e);
        }
    }

    private async Task SaveOneAsync(Pending p)
    {
        try
        {
            await using var db = await factory.CreateDbContextAsync();
            if (await db.InboundEmails.FirstOrDefaultAsync(m => m.MessageKey == p.Row.MessageKey) is { } existing)
            {
                p.Done.TrySetResult((existing, true));
                return;
            }
            db.InboundEmails.Add(p.Row);
            await db.SaveChangesAsync();
            p.Done.TrySetResult((p.Row, false));
            signal.Notify();
        }
        catch (DbUpdateException)
        {
            await using var again = await factory.CreateDbContextAsync();
            if (await again.InboundEmails.FirstOrDefaultAsync(m => m.MessageKey == p.Row.MessageKey) is { } winner) p.Done.TrySetResult((winner, true));
            else p.Done.TrySetException(new IOException("The message could not be recorded."));
        }
        catch (Exception e)
        {
            p.Done.TrySetException(e);
        }
    }

    public void Dispose() => committer.Dispose();

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
