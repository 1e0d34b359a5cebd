using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Ghiseu.Tests.Attachments;
using Ghiseu.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ghiseu.Tests.Security;

/// <summary>A host on Kestrel (so raw sockets reach it) that keeps every log entry of level Error or worse.</summary>
public sealed class LoggedFactory : GhiseuFactory
{
    public ConcurrentQueue<string> Errors { get; } = new();

    public LoggedFactory() => UseKestrel(0);

    protected override int DemoCases => 0;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(new ErrorSink(Errors)));
    }

    private sealed class ErrorSink(ConcurrentQueue<string> errors) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error) errors.Enqueue($"{formatter(state, exception)} {exception}");
        }
        public void Dispose() { }
    }
}

/// <summary>
/// Multipart bodies cut in the middle of a file part, sent over a raw socket: each upload endpoint
/// (and the portal's own form) answers 400, stores nothing and logs no error.
/// </summary>
public class CutUploadTests(LoggedFactory app) : IClassFixture<LoggedFactory>
{
    private const string Boundary = "----cut7MA4YWxkTrZu0gW";

    /// <summary>A form with a text field and a PDF part, cut halfway through the PDF (no closing boundary).</summary>
    private static byte[] CutForm(string field, string value)
    {
        var head = $"--{Boundary}\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{value}\r\n" +
                   $"--{Boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"cerere.pdf\"\r\nContent-Type: application/pdf\r\n\r\n";
        var pdf = TestFiles.Pdf(Guid.NewGuid().ToString("N"));
        return [.. Encoding.UTF8.GetBytes(head), .. pdf.AsSpan(0, pdf.Length / 2)];
    }

    /// <summary>Sends the request over a socket and reads the whole answer (status 0 when the server closed without one). With <paramref name="promised"/> the headers claim more body than is sent.</summary>
    private async Task<(int Status, string Text)> RawAsync(string path, byte[] body, string? bearer = null, long? promised = null, string accept = "application/json")
    {
        app.Errors.Clear(); // only what this request causes counts (a fresh PostgreSQL database logs its missing history table at start)
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, Port());
        var stream = socket.GetStream();
        var headers = $"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary={Boundary}\r\n" +
                      $"Content-Length: {promised ?? body.Length}\r\nAccept: {accept}\r\nConnection: close\r\n" +
                      (bearer is null ? "" : $"Authorization: Bearer {bearer}\r\n") + "\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(headers));
        await stream.WriteAsync(body);
        if (promised is not null) socket.Client.Shutdown(SocketShutdown.Send); // the client stops sending mid-body
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var answer = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var status = answer.Length == 0 ? 0 : int.Parse(answer.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, answer);
    }

    private int Port()
    {
        using var client = app.CreateClient();
        return client.BaseAddress!.Port;
    }

    private async Task<string> TokenAsync()
    {
        var login = await app.Login(Staff.Paris);
        return (await login.Body()).Str("accessToken");
    }

    private async Task AssertNothingStoredAndNoErrorAsync(int status, string text, int attachmentsBefore, int casesBefore)
    {
        Assert.True(status == 400, text);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.Equal(attachmentsBefore, await app.Db(db => db.Attachments.CountAsync()));
        Assert.Equal(casesBefore, await app.Db(db => db.Cases.CountAsync()));
        await Task.Delay(200); // the server logs after answering
        Assert.True(app.Errors.IsEmpty, string.Join("\n", app.Errors));
    }

    private Task<(int Attachments, int Cases)> CountsAsync() =>
        app.Db(async db => (await db.Attachments.CountAsync(), await db.Cases.CountAsync()));

    [Fact]
    public async Task CaseAttachments_BodyCutMidPart_400NothingStoredNoError()
    {
        var client = await app.Paris();
        var id = (await client.CreateCase()).Str("id");
        var (files, cases) = await CountsAsync();
        var (status, text) = await RawAsync($"/api/v1/cases/{id}/attachments", CutForm("public", "true"), await TokenAsync());
        Assert.Contains("invalid-form", text, StringComparison.Ordinal);
        await AssertNothingStoredAndNoErrorAsync(status, text, files, cases);
    }

    [Fact]
    public async Task CaseAttachments_ClientStopsSendingBeforeTheLengthItPromised_NothingStoredNoError()
    {
        var client = await app.Paris();
        var id = (await client.CreateCase()).Str("id");
        var (files, cases) = await CountsAsync();
        var body = CutForm("public", "false");
        // Kestrel sees the request end early: it answers 400 or, the client having gone, just closes.
        try
        {
            var (status, _) = await RawAsync($"/api/v1/cases/{id}/attachments", body, await TokenAsync(), promised: body.Length + 5000);
            Assert.True(status is 400 or 0, $"answered {status}"); // 0: closed without an answer
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
        }
        await Task.Delay(300);
        Assert.Equal((files, cases), await CountsAsync());
        Assert.Empty(app.Errors);
    }

    [Fact]
    public async Task PortalSubmission_BodyCutMidPart_400NothingStoredNoError()
    {
        var (files, cases) = await CountsAsync();
        var request = System.Text.Json.JsonSerializer.Serialize(new
        {
            unit = "PAR", category = "information", description = "Cerere trunchiată", consent = true,
            citizen = new { name = "Ion Pop", email = $"cut.{Guid.NewGuid():N}@example.com" },
        });
        var (status, text) = await RawAsync("/api/v1/portal/requests", CutForm("request", request));
        Assert.Contains("invalid-form", text, StringComparison.Ordinal);
        await AssertNothingStoredAndNoErrorAsync(status, text, files, cases);
    }

    [Fact]
    public async Task PortalReply_BodyCutMidPart_400NothingStoredNoError()
    {
        var client = await app.Paris();
        var c = await client.CreateCase();
        var (files, cases) = await CountsAsync();
        var caseId = Guid.Parse(c.Str("id"));
        var entries = await app.Db(db => db.Interactions.CountAsync(i => i.CaseId == caseId));
        var (status, text) = await RawAsync($"/api/v1/portal/requests/{c.Str("registrationNumber")}/messages?code={c.Str("trackingCode")}",
            CutForm("body", "Răspuns trunchiat"));
        await AssertNothingStoredAndNoErrorAsync(status, text, files, cases);
        Assert.Equal(entries, await app.Db(db => db.Interactions.CountAsync(i => i.CaseId == caseId)));
    }

    [Theory]
    [InlineData("/request")]
    [InlineData("/track/PAR-2026-000001")]
    public async Task PortalPageForm_BodyCutMidPart_400PageNothingStoredNoError(string page)
    {
        var (files, cases) = await CountsAsync();
        var (status, text) = await RawAsync(page, CutForm("_handler", "request"), accept: "text/html");
        Assert.Contains("text/html", text, StringComparison.Ordinal);
        Assert.Contains("The form did not arrive whole", text, StringComparison.Ordinal);
        await AssertNothingStoredAndNoErrorAsync(status, text, files, cases);
    }
}
