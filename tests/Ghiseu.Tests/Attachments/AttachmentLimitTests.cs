using System.Net;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Attachments;

/// <summary>A host that accepts files of at most 4 KiB, so the limits can be tried with small files.</summary>
public sealed class SmallFilesFactory : GhiseuFactory
{
    public const int MaxFileBytes = 4096;

    protected override int DemoCases => 0;

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("Ghiseu:Attachments:MaxFileBytes", MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}

public class AttachmentLimitTests(SmallFilesFactory app) : IClassFixture<SmallFilesFactory>
{
    private static byte[] PdfOf(int size)
    {
        var pdf = TestFiles.Pdf(Guid.NewGuid().ToString("N"));
        return [.. pdf, .. Enumerable.Repeat((byte)' ', size - pdf.Length)];
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

        var response = await client.Upload(c.Str("id"), ("urias.pdf", PdfOf(3 * 1024 * 1024), "application/pdf"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await response.Body();
        Assert.Equal(413, problem["status"]!.GetValue<int>());
        Assert.Contains("at most", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var caseId = c["id"]!.GetValue<Guid>();
        Assert.Equal(0, await app.Db(db => db.Attachments.CountAsync(a => a.CaseId == caseId)));
        Assert.Equal(before, Uploads.StoredFiles(app.DataDirectory));
    }
}
