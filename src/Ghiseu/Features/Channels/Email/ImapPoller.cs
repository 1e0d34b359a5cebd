using Ghiseu.Data;
using Ghiseu.Features.Background;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Ghiseu.Features.Channels.Email;

/// <summary>How the poller signs in to a mailbox; a password today, an OAuth token source can take its place.</summary>
public interface IImapAuthenticator
{
    Task AuthenticateAsync(ImapClient client, ImapAccount account, CancellationToken ct);
}

/// <summary>Signs in with the account's password, kept encrypted with the server's data-protection keys.</summary>
public sealed class PasswordImapAuthenticator(IDataProtectionProvider protection) : IImapAuthenticator
{
    private readonly IDataProtector protector = protection.CreateProtector("Ghiseu.Email.ImapSecret");

    public string Protect(string secret) => protector.Protect(secret);

    public Task AuthenticateAsync(ImapClient client, ImapAccount account, CancellationToken ct) =>
        client.AuthenticateAsync(account.User, protector.Unprotect(account.ProtectedSecret), ct);
}

/// <summary>
/// Imports mail from IMAP mailboxes: each new message is stored like SMTP mail, and deleted or moved
/// on the server only once its processing has committed. A crash in between leaves it on the server:
/// it is fetched again and recognized by its Message-ID, so it is handled once. A scheduled job: one
/// node at a time reads the mailboxes.
/// </summary>
public sealed class ImapPoller(IDbContextFactory<GhiseuDb> factory, InboundStore store, IImapAuthenticator auth,
    IOptions<EmailOptions> options, TimeProvider clock, ILogger<ImapPoller> log) : IScheduledJob
{
    public string Name => "email.imap";

    public bool Enabled => options.Value.Imap.Enabled;

    /// <summary>One pass over every enabled mailbox; soon again when messages await their processing.</summary>
    public async Task<TimeSpan> RunAsync(CancellationToken ct)
    {
        var wait = TimeSpan.FromSeconds(options.Value.Imap.PollSeconds);
        await using var db = await factory.CreateDbContextAsync(ct);
        var accounts = await db.ImapAccounts.Where(a => a.Enabled).AsNoTracking().ToListAsync(ct);
        foreach (var account in accounts)
            if (await PollAsync(account, idle: accounts.Count == 1 ? wait : null, ct)) wait = TimeSpan.FromSeconds(1);
        return wait;
    }

    /// <summary>One pass over a mailbox; true when messages await their processing (poll again soon).</summary>
    public async Task<bool> PollAsync(ImapAccount account, TimeSpan? idle, CancellationToken ct)
    {
        string? error = null;
        var waiting = false;
        try
        {
            using var client = new ImapClient();
            var security = !account.UseTls ? SecureSocketOptions.None : account.Port == 993 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
            await client.ConnectAsync(account.Host, account.Port, security, ct);
            await auth.AuthenticateAsync(client, account, ct);
            var folder = await client.GetFolderAsync(account.Folder, ct);
            await folder.OpenAsync(FolderAccess.ReadWrite, ct);
            waiting = await ImportAsync(client, account, folder, ct);
            if (!waiting && idle is { } span && client.Capabilities.HasFlag(ImapCapabilities.Idle))
            {
                using var done = new CancellationTokenSource(span);
                folder.CountChanged += (_, _) => done.Cancel();
                await client.IdleAsync(done.Token, ct);
                waiting = true; // something arrived or the idle ended: look again at once
            }
            await client.DisconnectAsync(true, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            error = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
            log.LogWarning("IMAP account {Name} failed: {Error}", account.Name, error);
        }
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.ImapAccounts.Where(a => a.Id == account.Id).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.LastPolledAt, clock.GetUtcNow()).SetProperty(a => a.LastError, error), ct);
        return waiting;
    }

    private async Task<bool> ImportAsync(ImapClient client, ImapAccount account, IMailFolder folder, CancellationToken ct)
    {
        var validity = (long)folder.UidValidity;
        var uids = await folder.SearchAsync(SearchQuery.NotDeleted, ct);
        await using var db = await factory.CreateDbContextAsync(ct);
        var numbers = uids.Select(u => (long?)u.Id).ToList();
        var known = await db.InboundEmails.Where(m => m.ImapAccountId == account.Id && m.ImapUidValidity == validity && numbers.Contains(m.ImapUid))
            .Select(m => new { m.ImapUid, m.State }).ToListAsync(ct);
        var states = known.ToDictionary(k => k.ImapUid!.Value, k => k.State);
        var finished = new List<UniqueId>();
        var pending = false;
        // A message done with may leave the mailbox; one still to be processed means another pass soon.
        void Sort(UniqueId uid, InboundState state)
        {
            if (state is InboundState.Processed or InboundState.Ignored or InboundState.Spam) finished.Add(uid);
            else if (state == InboundState.Pending) pending = true;
        }
        // Messages are fetched one after the other (one connection), and stored while the next is
        // fetched: stores running together commit together (see InboundStore).
        var storing = new List<(UniqueId Uid, Task<(InboundEmail Row, bool Duplicate)> Saved)>();
        var inFlight = new SemaphoreSlim(16); // not disposed: a store still running after a failure may release it
        foreach (var uid in uids)
        {
            if (states.TryGetValue(uid.Id, out var state))
            {
                Sort(uid, state);
                continue;
            }
            await inFlight.WaitAsync(ct);
            var raw = await folder.GetStreamAsync(uid, ct);
            storing.Add((uid, SaveAsync(raw, new InboundStore.Receipt("imap", null, [], account.Id, uid.Id, validity), inFlight, ct)));
        }
        foreach (var (uid, saved) in storing)
        {
            var (row, duplicate) = await saved;
            if (duplicate && row.ImapAccountId is null)
                await db.InboundEmails.Where(m => m.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.ImapAccountId, account.Id)
                    .SetProperty(m => m.ImapUid, uid.Id).SetProperty(m => m.ImapUidValidity, validity), ct);
            Sort(uid, row.State);
        }
        if (finished.Count > 0)
        {
            if (account.AfterImport == AfterImport.Move && !string.IsNullOrWhiteSpace(account.MoveTo))
                await folder.MoveToAsync(finished, await client.GetFolderAsync(account.MoveTo, ct), ct);
            else
            {
                await folder.AddFlagsAsync(finished, MessageFlags.Deleted, silent: true, ct);
                await folder.ExpungeAsync(finished, ct);
            }
            var done = finished.Select(u => (long?)u.Id).ToList();
            await db.InboundEmails.Where(m => m.ImapAccountId == account.Id && m.ImapUidValidity == validity && done.Contains(m.ImapUid))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.RemoteDone, true), ct);
        }
        return pending;
    }

    private async Task<(InboundEmail, bool)> SaveAsync(Stream raw, InboundStore.Receipt receipt, SemaphoreSlim inFlight, CancellationToken ct)
    {
        try
        {
            await using (raw) return await store.SaveAsync(raw, receipt, ct);
        }
        finally
        {
            inFlight.Release();
        }
    }
}
