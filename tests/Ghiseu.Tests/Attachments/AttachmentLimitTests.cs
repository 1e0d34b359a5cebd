using System.Net;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Attachments;

/// <summary>
/// A host that accepts files of at most 4 KiB, so the limits can be tried with small files. It runs on
/// Kestrel: the test server does not enforce body size limits, the real server must.
/// </summary>
public sealed class SmallFilesFactory : GhiseuFactory
{
    public const int MaxFileBytes = 4096;

    public SmallFilesFactory() => UseKestrel(0);

    protected override int DemoCases => 0;

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("Ghiseu:Attachments:MaxFileBytes", MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}

public class AttachmentLimitTests(SmallFilesFactory app) : IClassFixture<SmallFilesFactory>
{
    private static byte[] PdfOf(int size)
    {
        // Padding inside the document's own content: data after its end would be refused.
        var id = Guid.NewGuid().ToString("N");
        var padding = size - TestFiles.Pdf(id).Length;
        while (TestFiles.Pdf(id + new string('x', padding)).Length is var length && length != size) padding += size - length;
        return TestFiles.Pdf(id + new string('x', padding));
    }

    [Fact]
    public async Task Upload_FileOfExactlyTheLimit_Returns201()
    {
        var client = await app.Paris();
        var c = await client.CreateCase();
        var response = await client.Upload(c.Str("id"), ("la-limita.pdf", PdfOf(SmallFilesFactory.MaxFileBytes), "application/pdf"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(SmallFilesFactory.MaxFileBytes, (await response.Body())[0]!["size"]!.GetValue<long>());
    }

    [Fact]
    public async Task Upload_FileOverTheLimit_Returns400NamingTheFileAndTheLimitAndStoresNothing()
    {
        var client = await app.Paris();
        var c = await client.CreateCase();
        var before = Uploads.StoredFiles(app.DataDirectory);

        var response = await client.Upload(c.Str("id"), ("mic.pdf", PdfOf(1000), "application/pdf"),
            ("prea-mare.pdf", PdfOf(SmallFilesFactory.MaxFileBytes + 1), "application/pdf"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = Assert.Single((await response.Body())["errors"]!["files"]!.AsArray())!.GetValue<string>();
        Assert.Contains("prea-mare.pdf", message, StringComparison.Ordinal);
        Assert.Contains("4 KB", message, StringComparison.Ordinal);
        var caseId = c["id"]!.GetValue<Guid>();
        Assert.Equal(0, await app.Db(db => db.Attachments.CountAsync(a => a.CaseId == caseId)));
        Assert.Equal(before, Uploads.StoredFiles(app.DataDirectory));
    }

    [Fact]
    public async Task Upload_BodyFarOverTheLimit_Returns413ProblemAndStoresNothing()
    {
        var client = await app.Paris();
        var c = await client.CreateCase();
        var before = Uploads.StoredFiles(app.DataDirectory);

        // Big enough that the client is still sending when the answer is ready: it must get to read it.
        var response = await client.Upload(c.Str("id"), ("urias.pdf", PdfOf(16 * 1024 * 1024), "application/pdf"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Body();
        Assert.Equal(413, problem["status"]!.GetValue<int>());
        Assert.Contains("at most", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var caseId = c["id"]!.GetValue<Guid>();
        Assert.Equal(0, await app.Db(db => db.Attachments.CountAsync(a => a.CaseId == caseId)));
        Assert.Equal(before, Uploads.StoredFiles(app.DataDirectory));
    }

    /// <summary>
    /// A body of unknown length is cut off by the server at the limit. HTTP/1.1 gives no way to refuse it
    /// without reading it all, so the client sees a 413 or, if it is still sending, a closed connection.
    /// </summary>
    [Fact]
    public async Task Upload_ChunkedBodyOverTheLimit_IsRefusedAndStoresNothing()
    {
        var client = await app.Paris();
        var c = await client.CreateCase();
        var before = Uploads.StoredFiles(app.DataDirectory);
        using var form = new MultipartFormDataContent();
        // A stream that cannot seek has no length to announce: the body goes chunked, and only the server's own limit stops it.
        var part = new StreamContent(new UnseekableStream(PdfOf(3 * 1024 * 1024)));
        part.Headers.ContentType = new("application/pdf");
        form.Add(part, "files", "urias.pdf");

        // The factory's own client buffers bodies (to follow redirects); a plain one streams them.
        using var plain = new HttpClient { BaseAddress = client.BaseAddress };
        plain.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;

        HttpResponseMessage? response = null;
        try { response = await plain.PostAsync($"/api/v1/cases/{c.Str("id")}/attachments", form); }
        catch (HttpRequestException e) when (e.InnerException is IOException) { }

        if (response is not null)
        {
            Assert.Null(response.RequestMessage?.Content?.Headers.ContentLength);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal(413, (await response.Body())["status"]!.GetValue<int>());
        }
        var caseId = c["id"]!.GetValue<Guid>();
        Assert.Equal(0, await app.Db(db => db.Attachments.CountAsync(a => a.CaseId == caseId)));
        Assert.Equal(before, Uploads.StoredFiles(app.DataDirectory));
    }

    private sealed class UnseekableStream(byte[] content) : Stream
    {
        private readonly MemoryStream inner = new(content);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
