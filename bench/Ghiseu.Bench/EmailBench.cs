using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Data.Sqlite;
using MimeKit;
using Npgsql;

namespace Ghiseu.Bench;

/// <summary>
/// Email ingest: per provider, a fresh server takes N realistic messages over SMTP from a few
/// connections, then N more from an IMAP mailbox (a throw-away Dovecot). Measured: the time until
/// the last message was accepted (SMTP) and until every message is a case (both).
/// </summary>
public sealed class EmailBench(BenchOptions o, Workspace ws)
{
    private readonly string password = Environment.GetEnvironmentVariable("Ghiseu__Demo__Password") is { Length: > 0 } p ? p : "Ghiseu-Demo-2026";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        if (!File.Exists(GhiseuServer.DllPath(ws))) throw new BenchException($"{GhiseuServer.DllPath(ws)} is missing; build it first (dotnet build -c Release src/Ghiseu)");
        PgServer? pg = o.Providers.Contains(Provider.Postgres) ? await PgServer.StartAsync(ws, o.PgDurable, ct) : null;
        var imap = await StartDovecotAsync(ct);
        // Where the auto-replies go: a sink that accepts everything, so the outbox is not retrying failures.
        var sinkPort = FreePort();
        using var sinkStop = new CancellationTokenSource();
        var sinkServices = new SmtpServer.ComponentModel.ServiceProvider();
        sinkServices.Add(new Sink());
        _ = new SmtpServer.SmtpServer(new SmtpServer.SmtpServerOptionsBuilder().ServerName("sink").Endpoint(b => b.Endpoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, sinkPort))).Build(),
            sinkServices).StartAsync(sinkStop.Token);
        using var dns = new BenchDns();
        this.dns = dns;
        Console.WriteLine($"email ingest: {o.Messages} messages, {o.SmtpClients} SMTP connections; PostgreSQL: {pg?.Description ?? "not run"}; SQLite: WAL, synchronous FULL");
        Console.WriteLine("| provider | path | accepted/s | cases/s (end to end) | seconds | server CPU ms per message | client CPU ms per message |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var provider in o.Providers)
        {
            var smtpPort = FreePort();
            var env = new Dictionary<string, string>
            {
                ["Ghiseu__Demo__Cases"] = "0", ["Ghiseu__Demo__Password"] = password,
                ["Ghiseu__Email__Smtp__Port"] = smtpPort.ToString(CultureInfo.InvariantCulture), ["Ghiseu__Email__Smtp__Address"] = "127.0.0.1",
                ["Ghiseu__Email__Smtp__MessagesPerSenderPerHour"] = "1000000", ["Ghiseu__Email__Imap__PollSeconds"] = "1",
                ["Ghiseu__Email__Outbound__Host"] = "127.0.0.1", ["Ghiseu__Email__Outbound__Port"] = sinkPort.ToString(CultureInfo.InvariantCulture),
                ["Ghiseu__Email__Outbound__UseTls"] = "false",
                // Sender checks (SPF, DKIM, DMARC) ask the bench's own DNS on this machine.
                ["Ghiseu__Email__Authentication__DnsServers__0"] = $"127.0.0.1:{dns.Port.ToString(CultureInfo.InvariantCulture)}",
            };
            string? cs = null;
            if (provider == Provider.Postgres)
            {
                cs = await pg!.CreateDatabaseAsync($"email_{Guid.NewGuid():N}", ct);
                env["Ghiseu__Database__Provider"] = "Postgres";
                env["ConnectionStrings__Ghiseu"] = cs;
            }
            await using var server = await GhiseuServer.StartAsync(ws, $"email-{provider}".ToLowerInvariant(), env, ct);
            cs ??= $"Data Source={Path.Combine(server.DataDirectory, "ghiseu.db")}";
            var warmed = await WarmUpAsync(provider, cs, smtpPort, server, ct);
            var smtp = Messages("smtp");
            var cpu = Cpu(server);
            var mine = Mine();
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, o.SmtpClients).Select(c => SendAsync(smtpPort, smtp.Where((_, i) => i % o.SmtpClients == c).ToList(), ct)));
            var accepted = clock.Elapsed;
            await WaitProcessedAsync(provider, cs, "smtp", warmed + o.Messages, ct);
            Row(provider, "SMTP", accepted, clock.Elapsed, Cpu(server) - cpu, Mine() - mine);

            await FillMailboxAsync(imap, Messages("imap"), ct);
            using var http = new HttpClient { BaseAddress = server.BaseUri };
            var login = await (await http.PostAsJsonAsync("/api/v1/auth/login", new { email = "admin@demo.ghiseu.ro", password }, ct)).Content.ReadFromJsonAsync<Login>(ct);
            http.DefaultRequestHeaders.Authorization = new("Bearer", login!.AccessToken);
            cpu = Cpu(server);
            mine = Mine();
            clock.Restart();
            var r = await http.PostAsJsonAsync("/api/v1/email/imap-accounts", new { name = "bench", host = "127.0.0.1", port = imap.Port, useTls = false, user = imap.User, password = imap.Password, unit = "PAR" }, ct);
            if (!r.IsSuccessStatusCode) throw new BenchException($"IMAP account: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync(ct)}");
            // The clock starts at the first message stored: connecting to the mailbox (and the first
            // poll) happens once per account, not per message.
            await WaitProcessedAsync(provider, cs, "imap", 1, ct, stored: true);
            cpu = Cpu(server);
            mine = Mine();
            clock.Restart();
            await WaitProcessedAsync(provider, cs, "imap", o.Messages, ct, stored: true);
            var fetched = clock.Elapsed;
            await WaitProcessedAsync(provider, cs, "imap", o.Messages, ct);
            Row(provider, "IMAP", fetched, clock.Elapsed, Cpu(server) - cpu, Mine() - mine, o.Messages - 1);
            await http.DeleteAsync(new Uri($"/api/v1/email/imap-accounts/{(await r.Content.ReadFromJsonAsync<Account>(ct))!.Id}", UriKind.Relative), ct);
        }
        return 0;
    }

    private void Row(Provider provider, string path, TimeSpan? accepted, TimeSpan total, TimeSpan cpu, TimeSpan client, int? messages = null)
    {
        var n = messages ?? o.Messages;
        Console.WriteLine(FormattableString.Invariant(
            $"| {provider} | {path} | {(accepted is { } a ? $"{n / a.TotalSeconds:0}" : "—")} | {n / total.TotalSeconds:0} | {total.TotalSeconds:0.0} | {cpu.TotalMilliseconds / n:0.0} | {client.TotalMilliseconds / n:0.0} |"));
    }

    /// <summary>This process's CPU: the SMTP clients (IMAP mail is appended before the clock starts, so there it is only the polling for progress).</summary>
    private static TimeSpan Mine() => Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>
    /// Warm-up, not measured: rounds of messages until the runtime's tiered compiler, which recompiles
    /// hot code in the background, used under 5 % of a core during a round (at most six rounds), then
    /// a quiet pause. Returns the messages sent. The measured rate is then a running server's, not one
    /// still compiling: with a single round of 1,000 the compiler still took 15 % of the server's CPU
    /// during the measured phase.
    /// </summary>
    private async Task<int> WarmUpAsync(Provider provider, string cs, int smtpPort, GhiseuServer server, CancellationToken ct)
    {
        var watch = new TieringWatch(server.Pid);
        watch.BusyShareSinceLast(); // from now, not from the server's start
        var sent = 0;
        for (var round = 1; WarmUp > 0; round++)
        {
            var warm = Messages($"warm{round}", WarmUp);
            await Task.WhenAll(Enumerable.Range(0, o.SmtpClients).Select(c => SendAsync(smtpPort, warm.Where((_, i) => i % o.SmtpClients == c).ToList(), ct)));
            sent += WarmUp;
            await WaitProcessedAsync(provider, cs, "smtp", sent, ct);
            var busy = watch.BusyShareSinceLast();
            await Console.Error.WriteLineAsync(FormattableString.Invariant($"{provider} warm-up: {sent} messages, JIT tiering {busy:P0} of a core in the last round"));
            if (busy < 0.05 || round == 6) break;
        }
        await QuietAsync(server, ct);
        return sent;
    }

    /// <summary>
    /// Waits until the server has been nearly idle for two seconds: after the warm-up the runtime
    /// keeps recompiling hot code in the background (tiered compilation) for several seconds, a cost
    /// paid once per process that would otherwise be counted against the measured messages.
    /// </summary>
    private static async Task QuietAsync(GhiseuServer server, CancellationToken ct)
    {
        var quiet = 0;
        for (var i = 0; i < 60 && quiet < 2; i++)
        {
            var before = Cpu(server);
            await Task.Delay(1000, ct);
            quiet = Cpu(server) - before < TimeSpan.FromMilliseconds(100) ? quiet + 1 : 0;
        }
    }

    /// <summary>CPU time the server has used so far: per message, it says what the machine's load does not.</summary>
    private static TimeSpan Cpu(GhiseuServer server) => Process.GetProcessById(server.Pid).TotalProcessorTime;

    private sealed record Login(string AccessToken);
    private sealed record Account(Guid Id);
    private sealed record Imap(int Port, string User, string Password);

    private int WarmUp => o.EmailWarmup;

    private BenchDns? dns;

    /// <summary>Realistic mail: ~20 KB of Romanian text from distinct senders of one signing domain; every tenth with a 500 KB PDF.</summary>
    private List<MimeMessage> Messages(string tag, int? count = null)
    {
        var paragraph = "Bună ziua, vă scriu în legătură cu cererea mea de transcriere a certificatului de naștere al copilului nostru, " +
            "născut la Paris. Am atașat actele cerute și vă rog să-mi spuneți dacă mai este nevoie de altceva. Mulțumesc anticipat, ";
        var text = new StringBuilder();
        while (text.Length < 20_000) text.Append(paragraph).Append('\n');
        var pdf = new byte[500 * 1024];
        new Random(1).NextBytes(pdf);
        return [.. Enumerable.Range(0, count ?? o.Messages).Select(i =>
        {
            var m = new MimeMessage();
            m.From.Add(new MailboxAddress($"Cetățean {i}", $"{tag}.{i}.{Guid.NewGuid():N}@{BenchDns.Domain}"));
            m.To.Add(MailboxAddress.Parse("par@demo.ghiseu.ro"));
            m.Subject = $"Transcriere certificat {tag} {i}";
            m.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("bench.example.ro");
            var body = new TextPart("plain") { Text = text.ToString() };
            if (i % 10 != 0) m.Body = body;
            else m.Body = new Multipart("mixed") { body, new MimePart("application", "pdf") { Content = new MimeContent(new MemoryStream(pdf)), FileName = "acte.pdf", ContentTransferEncoding = ContentEncoding.Base64 } };
            dns!.Sign(m); // before the clock starts: signing is the sender's work
            return m;
        })];
    }

    private static async Task SendAsync(int port, List<MimeMessage> messages, CancellationToken ct)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None, ct);
        foreach (var m in messages) await client.SendAsync(m, ct);
        await client.DisconnectAsync(true, ct);
    }

    private static async Task FillMailboxAsync(Imap imap, List<MimeMessage> messages, CancellationToken ct)
    {
        using var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", imap.Port, SecureSocketOptions.None, ct);
        await client.AuthenticateAsync(imap.User, imap.Password, ct);
        await client.Inbox.OpenAsync(FolderAccess.ReadWrite, ct);
        // One mailbox serves every provider: the previous server was stopped as soon as its last
        // message was a case, before its next pass removed them from the mailbox. Left there, they
        // would be this server's work too.
        if (client.Inbox.Count > 0)
        {
            await client.Inbox.AddFlagsAsync(MailKit.UniqueIdRange.All, MessageFlags.Deleted, silent: true, ct);
            await client.Inbox.ExpungeAsync(ct);
        }
        foreach (var m in messages) await client.Inbox.AppendAsync(m, MessageFlags.None, ct);
        await client.DisconnectAsync(true, ct);
    }

    /// <summary>
    /// Until <paramref name="count"/> messages of the source are cases (or, with <paramref name="stored"/>,
    /// IMAP messages merely stored). Polled every 50 ms by index: no message waiting, or the mailbox's rows
    /// counted; counting every processed row each time took PostgreSQL 3 ms of CPU per poll at a few
    /// thousand messages, 6 % of a core taken from the server being measured. The full count is taken once, at the end.
    /// </summary>
    private static async Task WaitProcessedAsync(Provider provider, string cs, string source, int count, CancellationToken ct, bool stored = false)
    {
        var poll = stored ? "SELECT COUNT(*) FROM \"InboundEmails\" WHERE \"ImapAccountId\" IS NOT NULL"
            : "SELECT COUNT(*) FROM \"InboundEmails\" WHERE \"State\" = 0";
        for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromMinutes(30); await Task.Delay(50, ct))
        {
            var n = await CountAsync(provider, cs, poll, null, ct);
            if (stored ? n < count : n > 0) continue;
            if (stored) return;
            var done = await CountAsync(provider, cs, "SELECT COUNT(*) FROM \"InboundEmails\" WHERE \"State\" = 1 AND \"Source\" = @source", source, ct);
            if (done >= count) return;
            var all = await CountAsync(provider, cs, "SELECT COUNT(*) FROM \"InboundEmails\" WHERE \"Source\" = @source", source, ct);
            // Nothing waits, yet fewer are cases: quarantined or ignored, or (from IMAP) not all stored yet.
            if (all >= count) throw new BenchException($"{source}: {done} of {count} messages became cases; the others were quarantined or ignored");
        }
        throw new BenchException($"{source}: not every message was processed within 30 minutes");
    }

    private static async Task<long> CountAsync(Provider provider, string cs, string sql, string? source, CancellationToken ct)
    {
        if (provider == Provider.Postgres)
        {
            await using var conn = new NpgsqlConnection(cs);
            await conn.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand(sql, conn);
            if (source is not null) cmd.Parameters.AddWithValue("source", source);
            return (long)(await cmd.ExecuteScalarAsync(ct))!;
        }
        await using var lite = new SqliteConnection(cs);
        await lite.OpenAsync(ct);
        await using var command = new SqliteCommand(sql, lite);
        if (source is not null) command.Parameters.AddWithValue("@source", source);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private async Task<Imap> StartDovecotAsync(CancellationToken ct)
    {
        var r = await Shell.RunAsync("bash", [Path.Combine(ws.Repo, "scripts", "dovecot-temp.sh"), "start"], TimeSpan.FromMinutes(1),
            new Dictionary<string, string> { ["TMPDIR"] = ws.Root });
        var values = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).Where(x => x.Length == 2).ToDictionary(x => x[0], x => x[1]);
        if (r.ExitCode != 0 || !values.TryGetValue("IMAP_PORT", out var port)) throw new BenchException($"could not start Dovecot (scripts/dovecot-temp.sh):\n{r.Stderr}");
        ws.Own(new DovecotStop(ws.Repo, values["IMAP_TMP"]));
        ct.ThrowIfCancellationRequested();
        return new Imap(int.Parse(port, CultureInfo.InvariantCulture), values["IMAP_USER"], values["IMAP_PASSWORD"]);
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }

    private sealed class Sink : SmtpServer.Storage.MessageStore
    {
        public override Task<SmtpServer.Protocol.SmtpResponse> SaveAsync(SmtpServer.ISessionContext context, SmtpServer.IMessageTransaction transaction,
            System.Buffers.ReadOnlySequence<byte> buffer, CancellationToken cancellationToken) => Task.FromResult(SmtpServer.Protocol.SmtpResponse.Ok);
    }

    private sealed class DovecotStop(string repo, string dir) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() =>
            await Shell.RunAsync("bash", [Path.Combine(repo, "scripts", "dovecot-temp.sh"), "stop", dir], TimeSpan.FromSeconds(30));
    }
}
