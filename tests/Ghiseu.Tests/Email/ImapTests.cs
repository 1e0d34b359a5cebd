using System.Net.Http.Json;
using Ghiseu.Tests.Infrastructure;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Email;

/// <summary>Mail fetched from a real Dovecot (GHISEU_TEST_IMAP, started by ./ghiseu test).</summary>
public sealed class ImapTests(EmailFactory f) : IClassFixture<EmailFactory>
{
    private const string User = "ghiseu";
    private const string Password = "ghiseu-test";

    private static (string Host, int Port) Server
    {
        get
        {
            var value = Environment.GetEnvironmentVariable("GHISEU_TEST_IMAP")
                ?? throw new InvalidOperationException("GHISEU_TEST_IMAP must name an IMAP server (host:port); ./ghiseu test starts a Dovecot.");
            var parts = value.Split(':');
            return (parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static async Task<ImapClient> ConnectAsync()
    {
        var client = new ImapClient();
        await client.ConnectAsync(Server.Host, Server.Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(User, Password);
        await client.Inbox.OpenAsync(FolderAccess.ReadWrite);
        return client;
    }

    [Fact]
    public async Task Poll_MessageInMailbox_BecomesCaseAndLeavesServerAfterCommit()
    {
        var sender = EmailFactory.NewSender("imap");
        var message = Mail.Text(sender, "someone@example.ro", "Cerere prin IMAP", "Bună ziua, scriu în căsuța consulatului din Madrid.");
        using (var client = await ConnectAsync()) await client.Inbox.AppendAsync(message);

        using var admin = await f.Admin();
        var created = await admin.PostAsJsonAsync("/api/v1/email/imap-accounts", new
        {
            name = $"test-{Guid.NewGuid():N}"[..20], host = Server.Host, port = Server.Port, useTls = false, user = User, password = Password, unit = "MAD",
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var accountId = (await created.Body())["id"]!.GetValue<Guid>();
        try
        {
            var o = await f.OutcomeAsync(sender);
            Assert.Equal("imap", o.Row.Source);
            Assert.Equal("MAD", await f.Db(db => db.Units.Where(u => u.Id == o.Case!.UnitId).Select(u => u.Code).FirstAsync()));
            Assert.Contains("căsuța consulatului", o.Case!.Description, StringComparison.Ordinal);

            // Removed from the server only after the case was committed; dedup keeps a second copy from counting twice.
            for (var i = 0; i < 100 && !await f.Db(db => db.InboundEmails.Where(m => m.Id == o.Row.Id).Select(m => m.RemoteDone).FirstAsync()); i++)
                await Task.Delay(100);
            using var check = await ConnectAsync();
            var left = await check.Inbox.SearchAsync(SearchQuery.HeaderContains("Message-ID", message.MessageId!).And(SearchQuery.NotDeleted));
            Assert.Empty(left);
        }
        finally
        {
            await admin.DeleteAsync($"/api/v1/email/imap-accounts/{accountId}");
        }
    }

    [Fact]
    public async Task Poll_SameMessageTwice_OneCase()
    {
        var sender = EmailFactory.NewSender("imapdup");
        var message = Mail.Text(sender, "someone@example.ro", "Dublură IMAP", "Același mesaj de două ori.");
        using (var client = await ConnectAsync())
        {
            await client.Inbox.AppendAsync(message);
            await client.Inbox.AppendAsync(message);
        }
        using var admin = await f.Admin();
        var created = await admin.PostAsJsonAsync("/api/v1/email/imap-accounts", new
        {
            name = "dup", host = Server.Host, port = Server.Port, useTls = false, user = User, password = Password, unit = "LON",
        });
        var accountId = (await created.Body())["id"]!.GetValue<Guid>();
        try
        {
            var o = await f.OutcomeAsync(sender);
            Assert.NotNull(o.Case);
            using var check = await ConnectAsync();
            for (var i = 0; i < 100 && (await check.Inbox.SearchAsync(SearchQuery.HeaderContains("Message-ID", message.MessageId!))).Count > 0; i++)
            {
                await Task.Delay(100);
                await check.Inbox.CheckAsync();
            }
            Assert.Empty(await check.Inbox.SearchAsync(SearchQuery.HeaderContains("Message-ID", message.MessageId!)));
            Assert.Equal(1, await f.Db(db => db.Cases.CountAsync(c => c.Id == o.Case!.Id)));
            Assert.Equal(1, await f.Db(db => db.InboundEmails.CountAsync(m => m.Sender == sender)));
        }
        finally
        {
            await admin.DeleteAsync($"/api/v1/email/imap-accounts/{accountId}");
        }
    }
}
