using Ghiseu.Data;
using Ghiseu.Features.Channels.Email;
using Ghiseu.Tests.Infrastructure;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Npgsql;

namespace Ghiseu.Tests.Email;

/// <summary>The server is killed (SIGKILL) while a batch is being received and processed; after a restart every message is there exactly once.</summary>
public sealed class CrashTests : IAsyncLifetime
{
    private const int Batch = 80;
    private readonly string dataDir = Path.Combine(Path.GetTempPath(), "ghiseu-tests", $"crash-{Guid.NewGuid():N}");
    private readonly string pgDatabase = $"ghiseu_t_{Guid.NewGuid():N}";
    private static string AdminConnection => Environment.GetEnvironmentVariable("GHISEU_TEST_POSTGRES")
        ?? throw new InvalidOperationException("GHISEU_TEST_POSTGRES must name a PostgreSQL server for the Postgres test run.");

    private string ConnectionString => GhiseuFactory.IsPostgres
        ? new NpgsqlConnectionStringBuilder(AdminConnection) { Database = pgDatabase }.ConnectionString
        : $"Data Source={Path.Combine(dataDir, "ghiseu.db")}";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(dataDir);
        if (!GhiseuFactory.IsPostgres) return;
        await using var admin = new NpgsqlConnection(AdminConnection);
        await admin.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{pgDatabase}\"", admin);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        if (GhiseuFactory.IsPostgres)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(AdminConnection);
            await admin.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{pgDatabase}\" WITH (FORCE)", admin);
            await cmd.ExecuteNonQueryAsync();
        }
        try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Kill_WhileIngesting_EveryMessageExactlyOnceAfterRestart()
    {
        var messages = Enumerable.Range(0, Batch).Select(i => Mail.Text($"crash{i}.{Guid.NewGuid():N}@example.ro", "par@demo.ghiseu.ro",
            $"Mesajul {i}", $"Conținutul mesajului {i}, cu diacritice: ășțîâ.")).ToList();
        var smtpPort = SmtpPeer.FreePort();
        var acknowledged = new HashSet<string>();
        using (var server = new ServerProcess(dataDir, ConnectionString, SmtpPeer.FreePort(), smtpPort))
        {
            await server.StartAsync();
            foreach (var m in messages)
            {
                if (acknowledged.Count == Batch / 2) server.Kill(); // mid-batch: the processor is busy with the first half
                if (await TrySendAsync(smtpPort, m)) acknowledged.Add(m.MessageId!);
            }
        }
        Assert.InRange(acknowledged.Count, Batch / 2, Batch - 1);

        using (var server = new ServerProcess(dataDir, ConnectionString, SmtpPeer.FreePort(), smtpPort))
        {
            await server.StartAsync();
            // The sending servers try again what was not acknowledged, and may repeat what was.
            foreach (var m in messages.Where(m => !acknowledged.Contains(m.MessageId!)).Concat(messages.Take(5)))
                Assert.True(await TrySendAsync(smtpPort, m));
            await using var db = Open();
            var ids = messages.Select(m => m.MessageId!).ToList();
            for (var i = 0; i < 600 && await db.InboundEmails.CountAsync(x => x.State == InboundState.Processed) < Batch; i++) await Task.Delay(100);
            var rows = await db.InboundEmails.AsNoTracking().ToListAsync();
            Assert.Equal(Batch, rows.Count);
            Assert.All(rows, r => Assert.Equal(InboundState.Processed, r.State));
            var perMessage = await db.Interactions.Where(x => x.ExternalId != null && ids.Contains(x.ExternalId))
                .GroupBy(x => x.ExternalId).Select(g => g.Count()).ToListAsync();
            Assert.Equal(Batch, perMessage.Count);
            Assert.All(perMessage, n => Assert.Equal(1, n));
            Assert.Equal(Batch, await db.Cases.CountAsync(c => c.Channel == Features.Cases.Channel.Email));
        }
    }

    private GhiseuDb Open()
    {
        GhiseuDb db = GhiseuFactory.IsPostgres
            ? new PostgresGhiseuDb(new DbContextOptionsBuilder<PostgresGhiseuDb>().UseNpgsql(ConnectionString).Options)
            : new SqliteGhiseuDb(new DbContextOptionsBuilder<SqliteGhiseuDb>().UseSqlite(ConnectionString).Options);
        db.Scope = AccessScope.System;
        return db;
    }

    private static async Task<bool> TrySendAsync(int port, MimeMessage m)
    {
        try
        {
            using var client = new SmtpClient { Timeout = 10_000 };
            await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
            await client.SendAsync(m);
            await client.DisconnectAsync(true);
            return true;
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or SmtpProtocolException or SmtpCommandException or MailKit.ServiceNotConnectedException)
        {
            return false;
        }
    }
}
