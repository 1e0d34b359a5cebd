using System.Net;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Attachments;

[Collection(ApiCollection.Name)]
public class AttachmentApiTests(GhiseuFactory app)
{
    private static byte[] UniquePdf() => TestFiles.Pdf(Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Upload_SeveralFilesOfEachKind_Returns201WithAnIdForEach()
    {
        var client = await app.Paris();
        var c = await client.CreateCase();
        var response = await client.Upload(c.Str("id"),
            ("cerere.pdf", UniquePdf(), "application/pdf"), ("poza.jpg", TestFiles.Jpeg(), "image/jpeg"),
            ("scan.png", TestFiles.Png(), "image/png"),
            ("procura.docx", TestFiles.Docx(), null), ("procura.odt", TestFiles.Odt(), "application/octet-stream"),
            ("nota.txt", TestFiles.Text(), "text/plain"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var refs = (await response.Body()).AsArray();
        Assert.Equal(6, refs.Count);
        Assert.Equal(6, refs.Select(r => r!.Str("id")).Distinct().Count());
        Assert.Equal(["application/pdf", "image/jpeg", "image/png",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.oasis.opendocument.text", "text/plain"],
            refs.Select(r => r!.Str("contentType")));
        var caseId = c["id"]!.GetValue<Guid>();
        Assert.Equal(6, await app.Db(db => db.Attachments.CountAsync(a => a.CaseId == caseId)));
        foreach (var r in refs) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(r!.Str("url"))).StatusCode);
    }

    [Fact]
    public async Task Upload_BatchWithOneBadFile_Returns400NamingItAndStoresNothing()
    {
        var client = await app.Paris();
        var c = await client.CreateCase();
        var good = UniquePdf();
        var before = Uploads.StoredFiles(app.DataDirectory);

        var response = await client.Upload(c.Str("id"), ("cerere.pdf", good, "application/pdf"), ("factura.pdf", TestFiles.Exe(), "application/pdf"),
            ("nota.txt", TestFiles.Text(), "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var messages = (await response.Body())["errors"]!["files"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        Assert.Contains(messages, m => m.Contains("factura.pdf", StringComparison.Ordinal) && m.Contains("not a PDF", StringComparison.Ordinal));
        var caseId = c["id"]!.GetValue<Guid>();
        Assert.Equal(0, await app.Db(db => db.Attachments.CountAsync(a => a.CaseId == caseId)));
        Assert.Equal(before, Uploads.StoredFiles(app.DataDirectory));
        Assert.DoesNotContain(Uploads.StoredFiles(app.DataDirectory), f => f.EndsWith(Uploads.Sha256(good), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public async Task Upload_NoFilesOrMoreThanTheMaximum_Returns400AndStoresNothing(int count)
    {
        var client = await app.Paris();
        var c = await client.CreateCase();
        var files = Enumerable.Range(0, count).Select(i => ($"f{i}.pdf", UniquePdf(), (string?)"application/pdf")).ToArray();
        var response = await client.Upload(c.Str("id"), files);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        // A multipart body without any part is not a well-formed form: refused before the endpoint, as a whole.
        var problem = await response.Body();
        Assert.True(count == 0 ? problem.Str("type").EndsWith("/invalid-form", StringComparison.Ordinal) : problem["errors"]!["files"] is not null,
            problem.ToJsonString());
        var caseId = c["id"]!.GetValue<Guid>();
        Assert.Equal(0, await app.Db(db => db.Attachments.CountAsync(a => a.CaseId == caseId)));
    }

    [Fact]
    public async Task Upload_EmptyFile_Returns400NamingIt()
    {
        var client = await app.Paris();
        var c = await client.CreateCase();
        var response = await client.Upload(c.Str("id"), ("gol.pdf", [], "application/pdf"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("gol.pdf", (await response.Body())["errors"]!["files"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_UploadedFile_ReturnsExactBytesTypeNosniffAndAttachmentWithOriginalName()
    {
        var client = await app.Paris();
        var c = await client.CreateCase();
        var content = UniquePdf();
        const string name = "cerere ștampilă (1).pdf";
        var upload = await client.Upload(c.Str("id"), (name, content, "application/pdf"));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);

        var download = await client.GetAsync((await upload.Body())[0]!.Str("url"));

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(content, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", Assert.Single(download.Headers.GetValues("X-Content-Type-Options")));
        var disposition = download.Content.Headers.ContentDisposition;
        Assert.NotNull(disposition);
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal(name, disposition.FileNameStar ?? disposition.FileName?.Trim('"'));
    }

    [Fact]
    public async Task Upload_SameContentTwice_StoredOnceUnderItsSha256()
    {
        var client = await app.Paris();
        var a = await client.CreateCase();
        var b = await client.CreateCase();
        var content = UniquePdf();
        var sha = Uploads.Sha256(content);

        Assert.Equal(HttpStatusCode.Created, (await client.Upload(a.Str("id"), ("copie1.pdf", content, "application/pdf"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.Upload(b.Str("id"), ("copie2.pdf", content, "application/pdf"))).StatusCode);

        var stored = Uploads.StoredFiles(app.DataDirectory).Where(f => Path.GetFileName(f) == sha).ToList();
        var path = Path.Combine(app.DataDirectory, "files", Assert.Single(stored));
        Assert.Equal(content, await File.ReadAllBytesAsync(path));
        var rows = await app.Db(db => db.Attachments.Where(x => x.Sha256 == sha).Select(x => new { x.FileName, x.Size }).ToListAsync());
        Assert.Equal(["copie1.pdf", "copie2.pdf"], rows.Select(r => r.FileName).Order());
        Assert.All(rows, r => Assert.Equal(content.Length, r.Size));
        Assert.Equal(0, Uploads.TempFiles(app.DataDirectory));
    }

    [Theory]
    [InlineData("../../etc/passwd.txt", "passwd.txt")]
    [InlineData(@"..\..\Windows\win.ini.txt", "win.ini.txt")]
    [InlineData("/var/lib/ghiseu/files/nota.txt", "nota.txt")]
    public async Task Upload_FileNameWithAPath_KeepsTheNameWithoutThePath(string sent, string kept)
    {
        var client = await app.Paris();
        var c = await client.CreateCase();
        var response = await client.Upload(c.Str("id"), (sent, TestFiles.Text($"conținut {Guid.NewGuid()}"), "text/plain"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var attachment = (await response.Body())[0]!;
        Assert.Equal(kept, attachment.Str("fileName"));
        var caseId = c["id"]!.GetValue<Guid>();
        Assert.Equal(kept, await app.Db(db => db.Attachments.Where(a => a.CaseId == caseId).Select(a => a.FileName).SingleAsync()));
        var download = await client.GetAsync(attachment.Str("url"));
        Assert.Equal(kept, download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
    }
}
