using Ghiseu.Common;
using Ghiseu.Data;
using Ghiseu.Features.Attachments;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Categories;
using Ghiseu.Features.Citizens;
using Ghiseu.Features.Notifications;
using Ghiseu.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Ghiseu.Features.Channels.Email;

/// <summary>A problem that retrying will not fix: the message goes straight to quarantine.</summary>
public sealed class QuarantineException(string reason) : Exception(reason);

/// <summary>
/// Turns one stored message into its effect (a new case, an interaction on an existing one, a bounce
/// recorded, a message held as spam or ignored) and marks the message processed in the same
/// SaveChanges, so the effect and the mark commit together or not at all.
/// </summary>
public sealed class EmailProcessor(GhiseuDb db, CaseIntake intake, CitizenMessages messages, CategoryCatalog categories, Notifier notifier, ThreadFinder threads,
    EmailRouting routing, UnitDirectory units, IOptions<EmailOptions> options, TimeProvider clock)
{
    private DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>
    /// Applies a prepared message. Inside a transaction the caller already began, the changes are
    /// saved but not committed: several messages then commit at once.
    /// </summary>
    public async Task ApplyAsync(InboundEmail row, PreparedEmail prepared, CancellationToken ct)
    {
        var (m, sender) = (prepared.Message, prepared.Sender);
        var auth = prepared.Authentication;
        (row.Spf, row.Dkim, row.Dmarc, row.SenderCheck) = (auth.Spf, auth.Dkim, auth.Dmarc, auth.Check);
        if (prepared.Bounce is { } bounce)
        {
            await RecordBounceAsync(bounce, ct);
            await FinishAsync(row, InboundState.Processed, $"bounce ({bounce.Failed.Count} failed)", ct);
            return;
        }
        if (prepared.Spam || prepared.Mail is not { } parsed)
        {
            await FinishAsync(row, InboundState.Spam, "spam", ct);
            return;
        }
        string? spoofOf = null;
        if (await threads.FindAsync(parsed, sender, ct) is { } existing)
        {
            // Mail whose sender fails the checks never joins a case it names: a forged From with a
            // case number must not write into a citizen's case.
            if (auth.Check != SenderAuthentication.Fail)
            {
                await JoinAsync(existing, row, m, prepared, ct);
                return;
            }
            spoofOf = existing.RegistrationNumber;
        }
        if (MailClassifier.IsAutoReply(m) || MailClassifier.HasNullReversePath(row) || (sender is not null && MailClassifier.IsDaemon(sender)))
        {
            await FinishAsync(row, InboundState.Ignored, "automatic mail that belongs to no case", ct);
            return;
        }
        if (sender is null) throw new QuarantineException("The sender address (From) is missing or not valid.");
        await CreateAsync(row, m, prepared, sender, spoofOf, ct);
    }

    private async Task CreateAsync(InboundEmail row, MimeMessage m, PreparedEmail prepared, string sender, string? spoofOf, CancellationToken ct)
    {
        var mail = prepared.Mail!;
        var (unit, route) = await RouteAsync(row, m, ct);
        var category = route?.CategoryCode;
        if (category is null)
        {
            var list = await categories.ForUnitAsync(unit.Id, ct);
            if (list.Count == 0) throw new QuarantineException($"Unit {unit.Code} has no category for new cases.");
            category = (list.FirstOrDefault(c => c.Code == "information") ?? list[0]).Code;
        }
        var name = mail.FromName is { Length: > 0 and <= 200 } n ? n : sender.Split('@')[0];
        var subject = mail.Subject.Length == 0 ? EmailTexts.NoSubject(mail.Language) : Clip(mail.Subject, 300);
        var description = mail.Text.Length == 0 ? EmailTexts.EmptyBody(mail.Language) : Clip(mail.Text, 20000);
        var request = new CreateCaseRequest(unit.Code, category, subject, description, Channel.Email,
            new CitizenInput(name, sender, Language: mail.Language), Queue: route?.QueueCode);
        var auth = prepared.Authentication;
        // A sender that fails the checks is likely not the address's owner: an answer would go to the victim.
        var replyAllowed = auth.Check != SenderAuthentication.Fail && await MayAutoReplyAsync(m, sender, ct);
        var sent = auth.SenderAuthenticated ? SenderProof.Verified : auth.Check == SenderAuthentication.Fail ? SenderProof.Refuted : SenderProof.Claimed;
        var opened = await intake.PrepareAsync(request, new Actor.Citizen(null, name), ct, sender: sent);
        if (opened.Value is not { } draft) throw new QuarantineException(string.Join("; ", opened.Failure!.OnForm("").Select(e => $"{e.Field}: {e.Message}")));
        var (c, first) = (draft.Case, draft.First);
        first.ExternalId = mail.MessageId is null ? null : Clip(mail.MessageId, 300);
        first.Body = Attach(c, first, row, prepared, first.Body);
        (first.SenderCheck, first.SenderResults) = (auth.Check, auth.Results);
        if (spoofOf is not null) db.Interactions.Add(new Interaction
        {
            CaseId = c.Id, UnitId = c.UnitId, Kind = InteractionKind.Note, Direction = Direction.Internal, At = Now, AuthorName = "Ghiseu",
            Body = EmailTexts.PossibleSpoof(mail.Language, spoofOf, auth),
        });
        Done(row, InboundState.Processed, spoofOf is null ? "created" : $"created (possible spoof of {spoofOf})");
        row.CaseId = c.Id;
        row.InteractionId = first.Id;
        // Inside the batch's transaction: the batch commits (see InboundWorker).
        await using var work = await intake.BeginAsync(draft, ct);
        if (replyAllowed)
        {
            // The email channel answers with a threaded auto-reply in the unit's words instead of the "received" notification.
            var citizen = draft.Parts.Citizen;
            var profile = await ProfileAsync(unit.Id, ct);
            row.AutoReplied = notifier.AutoReply(c, citizen, unit, sender, Template(profile, citizen.Language)) is not null;
            if (row.AutoReplied && replied.TryGetValue(sender, out var count)) replied[sender] = count + 1;
        }
        await work.CommitAsync(ct);
    }

    private async Task JoinAsync(Case c, InboundEmail row, MimeMessage m, PreparedEmail prepared, CancellationToken ct)
    {
        var mail = prepared.Mail!;
        // Automatic mail (out of office, a report sent from the null reverse-path) joins quietly.
        var quiet = MailClassifier.IsAutoReply(m) || MailClassifier.HasNullReversePath(row);
        var message = new InboundMessage(Channel.Email, "")
        {
            ExternalId = mail.MessageId is null ? null : Clip(mail.MessageId, 300), Quiet = quiet,
            SenderCheck = prepared.Authentication.Check, SenderResults = prepared.Authentication.Results,
        };
        var added = messages.Add(c, message, new Actor.Citizen(null, Clip(mail.FromName ?? mail.FromAddress, 200)));
        if (added.Value is not { } i) throw new QuarantineException(added.Failure!.Message);
        i.Body = Attach(c, i, row, prepared, Clip($"{mail.Subject}\n\n{mail.Text}".Trim(), 20000));
        row.CaseId = c.Id;
        row.InteractionId = i.Id;
        await FinishAsync(row, InboundState.Processed, MailClassifier.IsAutoReply(m) ? "joined (auto-reply)" : quiet ? "joined (report)" : "joined", ct);
    }

    /// <summary>Files of the message, its sanitized HTML and the original .eml on the interaction; returns the body with a note for any file too large.</summary>
    private string Attach(Case c, Interaction i, InboundEmail row, PreparedEmail prepared, string body)
    {
        foreach (var f in prepared.Files) Add(c, i, f.FileName, f.ContentType, f.Sha256, f.Size);
        Add(c, i, "message.eml", "message/rfc822", row.Sha256, row.Size);
        return prepared.TooLarge.Count == 0 ? body
            : Clip($"{body}\n\n[{EmailTexts.TooLarge(prepared.Mail!.Language)}: {string.Join(", ", prepared.TooLarge)}]", 20000);
    }

    private void Add(Case c, Interaction i, string name, string type, string sha, long size) => db.Attachments.Add(new Attachment
    {
        CaseId = c.Id, UnitId = c.UnitId, InteractionId = i.Id, FileName = name, ContentType = Clip(type, 127), Size = size, Sha256 = sha, CreatedAt = Now,
    });

    /// <summary>An IMAP mailbox belongs to its unit; SMTP mail goes where its first recipient of ours points.</summary>
    private async Task<(Unit Unit, EmailRoute? Route)> RouteAsync(InboundEmail row, MimeMessage m, CancellationToken ct)
    {
        var tree = await units.GetAsync(ct);
        if (row.ImapAccountId is { } account && await AccountAsync(account, ct) is { } acc
            && tree.ById.TryGetValue(acc.UnitId, out var unit))
            return (unit, null);
        var candidates = row.Recipients.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Concat(m.To.Mailboxes.Concat(m.Cc.Mailboxes).Select(x => x.Address));
        foreach (var address in candidates)
            if (await routing.FindAsync(address, ct) is { } route && tree.ById.TryGetValue(route.UnitId, out var u))
                return (u, route);
        throw new QuarantineException("No recipient of the message is an address of ours.");
    }

    // Per batch (a processor lives for one): the messages of a batch mostly share a unit and a mailbox.
    private readonly ScopeMemo<Guid, UnitEmailProfile?> profiles = new();
    private readonly ScopeMemo<Guid, ImapAccount?> accounts = new();

    private Task<UnitEmailProfile?> ProfileAsync(Guid unitId, CancellationToken ct) =>
        profiles.GetAsync(unitId, id => db.UnitEmailProfiles.AsNoTracking().FirstOrDefaultAsync(x => x.UnitId == id, ct));

    private Task<ImapAccount?> AccountAsync(Guid id, CancellationToken ct) =>
        accounts.GetAsync(id, key => db.ImapAccounts.AsNoTracking().FirstOrDefaultAsync(x => x.Id == key, ct));

    // Per batch: auto-replies each sender got in the past hour, counted once (for the whole batch at
    // its start) and kept up to date as the batch answers.
    private readonly Dictionary<string, int> replied = [];

    /// <summary>Counts the recent auto-replies of these senders in one query.</summary>
    public async Task CountRepliesAsync(IEnumerable<string?> senders, CancellationToken ct)
    {
        var unknown = senders.OfType<string>().Where(s => !replied.ContainsKey(s)).Distinct().ToList();
        if (unknown.Count == 0) return;
        var counts = await RecentReplies(db, unknown, Now.AddHours(-1)).ToDictionaryAsync(g => g.Sender, g => g.Count, ct);
        foreach (var s in unknown) replied[s] = counts.GetValueOrDefault(s);
    }

    public sealed record ReplyCount(string Sender, int Count);

    /// <summary>
    /// Auto-replies to each of these senders since a time, each sender read by the index on
    /// <c>(Sender, ReceivedAt)</c>. On PostgreSQL one count per sender of the list (<c>unnest</c>):
    /// a filter <c>Sender = ANY(…)</c> gets, from a plan made while the table was empty, a scan of
    /// every message (decision 016). SQLite reads an <c>IN</c> list by the index.
    /// </summary>
    internal static IQueryable<ReplyCount> RecentReplies(GhiseuDb db, List<string> senders, DateTimeOffset since) => db.IsPostgres
        ? db.Database.SqlQuery<ReplyCount>($"""
            SELECT s AS "Sender", (SELECT count(*)::int FROM "InboundEmails" AS i
                WHERE i."Sender" = s AND i."AutoReplied" AND i."ReceivedAt" >= {since}) AS "Count"
            FROM unnest({senders.ToArray()}::text[]) AS s
            """)
        : db.InboundEmails.Where(x => senders.Contains(x.Sender!) && x.AutoReplied && x.ReceivedAt >= since)
            .GroupBy(x => x.Sender!).Select(g => new ReplyCount(g.Key, g.Count()));

    /// <summary>After a rollback the counts may include answers that were undone: they are counted again.</summary>
    public void ForgetReplyCounts() => replied.Clear();

    private async Task<bool> MayAutoReplyAsync(MimeMessage m, string sender, CancellationToken ct)
    {
        if (MailClassifier.IsAutomatic(m, sender) || await routing.IsOwnAsync(sender, ct)) return false;
        await CountRepliesAsync([sender], ct);
        return replied[sender] < options.Value.AutoRepliesPerSenderPerHour;
    }

    private static (string, string)? Template(UnitEmailProfile? p, string language) => language == "en"
        ? p is { AutoReplySubjectEn: { } s, AutoReplyBodyEn: { } b } ? (s, b) : null
        : p is { AutoReplySubjectRo: { } sr, AutoReplyBodyRo: { } br } ? (sr, br) : null;

    private async Task RecordBounceAsync(Bounce bounce, CancellationToken ct)
    {
        foreach (var (recipient, status) in bounce.Failed)
        {
            foreach (var point in await db.ContactPoints.Where(p => p.Kind == ContactKind.Email && p.Value == recipient).ToListAsync(ct))
                point.Undeliverable = true;
            if (bounce.OriginalMessageId is { } id && ThreadFinder.InteractionOf(id) is { } interactionId
                && await db.Interactions.FirstOrDefaultAsync(i => i.Id == interactionId, ct) is { } sent)
                sent.DeliveryState = Clip($"bounced: {status} {recipient}", 300);
        }
    }

    private async Task FinishAsync(InboundEmail row, InboundState state, string outcome, CancellationToken ct)
    {
        Done(row, state, outcome);
        await db.SaveChangesAsync(ct);
    }

    private void Done(InboundEmail row, InboundState state, string outcome)
    {
        row.State = state;
        row.Outcome = outcome;
        row.ProcessedAt = Now;
        row.LastError = null;
        row.LeasedBy = null;
        row.LeaseUntil = null;
    }

    private static string Clip(string? s, int max) => s is null ? "" : s.Length <= max ? s : s[..max];
}
