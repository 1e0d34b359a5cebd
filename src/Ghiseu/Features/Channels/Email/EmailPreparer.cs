using Ghiseu.Features.Attachments;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Ghiseu.Features.Channels.Email;

/// <summary>A file of a message, already written to the file store.</summary>
public sealed record StoredFile(string FileName, string ContentType, string Sha256, long Size);

/// <summary>
/// What can be known of a stored message without the database: the parsed message, whether it is a
/// bounce or spam, and its files written to the file store. Preparing is CPU and disk work, done for
/// several messages at once; applying the result to the database is <see cref="EmailProcessor"/>'s.
/// </summary>
public sealed record PreparedEmail(MimeMessage Message, string? Sender, Bounce? Bounce, bool Spam, ParsedEmail? Mail,
    IReadOnlyList<StoredFile> Files, IReadOnlyList<string> TooLarge)
{
    public SenderAuthentication Authentication { get; init; } = SenderAuthentication.NotChecked;
}

public sealed class EmailPreparer(FileStore files, IOptions<EmailOptions> options, IOptions<AttachmentOptions> attachmentLimits,
    SenderAuthenticator authenticator)
{
    /// <exception cref="QuarantineException">The message cannot be read.</exception>
    public async Task<PreparedEmail> PrepareAsync(InboundEmail row, CancellationToken ct)
    {
        MimeMessage m;
        // The synchronous parser: the file is local, and MimeKit's asynchronous one costs several times the CPU.
        // Persistent: the parts' contents stay in the file and are read from it, not copied into memory.
        // Everything that reads a content happens below, before the file is closed; applying the
        // result later reads only headers.
        await using var raw = files.Open(row.Sha256) ?? throw new InvalidOperationException("The raw message is missing from the file store.");
        try { m = MimeMessage.Load(raw, persistent: true, ct); }
        catch (FormatException e) { throw new QuarantineException($"Not a readable message: {e.Message}"); }
        var sender = Citizens.ContactNormalizer.Email(m.From.Mailboxes.FirstOrDefault()?.Address);
        if (MailClassifier.AsBounce(m) is { } bounce) return new PreparedEmail(m, sender, bounce, false, null, [], []);
        // While the file is open: DKIM reads the body.
        var auth = await authenticator.CheckAsync(m, row, ct);
        if (!row.Released && MailClassifier.IsSpam(m, options.Value.SpamScoreThreshold)) return new PreparedEmail(m, sender, null, true, null, [], []) { Authentication = auth };
        var mail = EmailParser.Parse(m);
        var limit = attachmentLimits.Value.MaxFileBytes;
        var stored = new List<StoredFile>();
        var skipped = new List<string>();
        var all = mail.Files.ToList();
        if (mail.Html is { Length: > 0 } html) all.Add(new ParsedFile("message.html", "text/html", System.Text.Encoding.UTF8.GetBytes(html)));
        foreach (var f in all)
        {
            if (f.Content.Length > limit) { skipped.Add(f.FileName); continue; }
            await using var s = f.OpenRead();
            var (sha, size) = await files.SaveAsync(s, ct);
            stored.Add(new StoredFile(f.FileName, f.ContentType, sha, size));
        }
        return new PreparedEmail(m, sender, null, false, mail, stored, skipped) { Authentication = auth };
    }
}
