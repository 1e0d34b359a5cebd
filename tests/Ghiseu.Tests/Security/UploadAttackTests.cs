using System.Net;
using System.Net.Http.Headers;
using Ghiseu.Tests.Attachments;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;

namespace Ghiseu.Tests.Security;

/// <summary>
/// Files that passed a look at their first bytes: each is replayed through the staff API and must be
/// refused with a reason naming it, or stored only as its cleaned picture.
/// </summary>
[Collection(ApiCollection.Name)]
public class UploadAttackTests(GhiseuFactory app)
{
    private async Task<(HttpClient Client, string CaseId)> CaseAsync()
    {
        var client = await app.Paris();
        return (client, (await client.CreateCase()).Str("id"));
    }

    private async Task<string> RefusedAsync(string name, byte[] content, string type, string? culture = null)
    {
        var (client, id) = await CaseAsync();
        if (culture is not null) client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(culture));
        var before = Uploads.StoredFiles(app.DataDirectory);
        var response = await client.Upload(id, (name, content, type));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var message = (await response.Body())["errors"]!["files"]![0]!.GetValue<string>();
        Assert.Contains(name, message, StringComparison.Ordinal);
        Assert.Equal(0, await app.Db(db => db.Attachments.CountAsync(a => a.CaseId == Guid.Parse(id))));
        Assert.Equal(before, Uploads.StoredFiles(app.DataDirectory));
        return message;
    }

    [Fact]
    public async Task Upload_PdfFollowedByHtml_Refused()
    {
        var message = await RefusedAsync("cerere.pdf", CraftedFiles.PdfThenHtml(), "application/pdf");
        Assert.Contains("after the end", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_PdfFollowedByHtmlAndAFakeEndMarker_Refused() =>
        await RefusedAsync("cerere.pdf", CraftedFiles.PdfThenHtmlThenEof(), "application/pdf");

    [Fact]
    public async Task Upload_HtmlBehindAPdfHeader_Refused() =>
        await RefusedAsync("cerere.pdf", CraftedFiles.HtmlWithPdfHeader(), "application/pdf");

    [Fact]
    public async Task Upload_DocxInflatingTo200MiB_RefusedAsTooLarge()
    {
        var message = await RefusedAsync("procura.docx", CraftedFiles.DocxBomb(200L * 1024 * 1024), "application/octet-stream");
        Assert.Contains("unpacks to more than", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_DocxBombWhoseHeadersClaimSmallSizes_Refused()
    {
        var bomb = CraftedFiles.DocxBomb(200L * 1024 * 1024, lieAboutSize: true);
        await RefusedAsync("procura.docx", bomb, "application/octet-stream");
    }

    [Fact]
    public async Task Upload_DocxWithThousandsOfParts_Refused()
    {
        var message = await RefusedAsync("procura.docx", CraftedFiles.DocxWithParts(5000), "application/octet-stream");
        Assert.Contains("parts", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_DocxWithHtmlAppended_Refused() =>
        await RefusedAsync("procura.docx", [.. TestFiles.Docx(), .. CraftedFiles.Script], "application/octet-stream");

    [Fact]
    public async Task Upload_PngAnnouncing100Megapixels_RefusedBeforeDecoding()
    {
        var message = await RefusedAsync("scan.png", CraftedFiles.PngClaiming(10_000, 10_000), "image/png");
        Assert.Contains("100 megapixels", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_JpegCutShort_Refused() =>
        await RefusedAsync("poza.jpg", TestFiles.Jpeg(64, 64)[..300], "image/jpeg");

    [Theory]
    [InlineData("en", "send it as JPEG")]
    [InlineData("ro", "trimiteți-o ca JPEG")]
    public async Task Upload_Heic_RefusedWithAReasonInTheReadersLanguage(string culture, string advice)
    {
        var message = await RefusedAsync("IMG_0001.HEIC", TestFiles.Ftyp(), "image/heic", culture);
        Assert.Contains(advice, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_PngWithScriptAppended_StoredWithoutIt()
    {
        var (client, id) = await CaseAsync();
        var response = await client.Upload(id, ("scan.png", CraftedFiles.PngThenScript(), "image/png"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = await client.GetByteArrayAsync((await response.Body())[0]!.Str("url"));
        Assert.Equal(-1, stored.AsSpan().IndexOf("<script"u8));
        using var bitmap = SKBitmap.Decode(stored);
        Assert.Equal((1, 1), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public async Task Upload_PhonePhotoWithGpsAndOrientation_StoredUprightWithoutMetadata()
    {
        var marker = $"GPS-{Guid.NewGuid():N}";
        var photo = TestFiles.Jpeg(40, 20, CraftedFiles.ExifWithGps(marker));
        Assert.NotEqual(-1, photo.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(marker)));
        var (client, id) = await CaseAsync();

        var response = await client.Upload(id, ("IMG_2044.jpg", photo, "image/jpeg"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = (await response.Body())[0]!;
        var stored = await client.GetByteArrayAsync(body.Str("url"));
        Assert.Equal(stored.Length, body["size"]!.GetValue<long>());
        Assert.Equal(-1, stored.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(marker)));
        Assert.Equal(-1, stored.AsSpan().IndexOf("Exif\0\0"u8));
        using var codec = SKCodec.Create(new MemoryStream(stored));
        Assert.Equal(SKEncodedImageFormat.Jpeg, codec.EncodedFormat);
        Assert.Equal(SKEncodedOrigin.TopLeft, codec.EncodedOrigin);
        Assert.Equal((20, 40), (codec.Info.Width, codec.Info.Height)); // turned as the phone asked
    }

    [Fact]
    public async Task Download_EveryWayOut_IsAnAttachmentNotSniffedAndSandboxed()
    {
        var (client, id) = await CaseAsync();
        var response = await client.Upload(id, ("nota.txt", TestFiles.Text($"<script>alert(1)</script> {Guid.NewGuid()}"), "text/plain"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var download = await client.GetAsync((await response.Body())[0]!.Str("url"));
        SafeDownloads.Assert(download, "nota.txt");
    }
}

/// <summary>What every download of a stored file must carry.</summary>
public static class SafeDownloads
{
    public static void Assert(HttpResponseMessage download, string name)
    {
        Xunit.Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Xunit.Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Xunit.Assert.Equal(name, download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
        Xunit.Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Xunit.Assert.Equal("default-src 'none'; sandbox", download.Headers.GetValues("Content-Security-Policy").Single());
    }
}
