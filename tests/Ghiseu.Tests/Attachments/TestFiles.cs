using System.IO.Compression;
using System.Text;

namespace Ghiseu.Tests.Attachments;

/// <summary>Small but real files of each accepted type, and look-alikes that must be refused.</summary>
public static class TestFiles
{
    /// <summary>A whole one-page PDF (catalog, page tree, page, content), its cross-reference offsets computed.</summary>
    public static byte[] Pdf(string text = "test")
    {
        var objects = new[]
        {
            "<</Type /Catalog /Pages 2 0 R>>",
            "<</Type /Pages /Kids [3 0 R] /Count 1>>",
            "<</Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R>>",
            $"<</Length {text.Length + 3}>>\nstream\n% {text}\n\nendstream",
        };
        var pdf = new StringBuilder("%PDF-1.7\n%\u00e2\u00e3\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.Latin1.GetByteCount(pdf.ToString()));
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = Encoding.Latin1.GetByteCount(pdf.ToString());
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets) pdf.Append($"{o:D10} 00000 n \n");
        pdf.Append($"trailer\n<</Size {objects.Length + 1} /Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(pdf.ToString());
    }

    /// <summary>A real JPEG photo of the given size (SkiaSharp draws and encodes it), optionally with an EXIF segment.</summary>
    public static byte[] Jpeg(int width = 16, int height = 8, byte[]? exif = null)
    {
        using var bitmap = new SkiaSharp.SKBitmap(width, height);
        using (var canvas = new SkiaSharp.SKCanvas(bitmap))
        {
            canvas.Clear(SkiaSharp.SKColors.White);
            using var paint = new SkiaSharp.SKPaint { Color = SkiaSharp.SKColors.DarkBlue };
            canvas.DrawRect(0, 0, width / 2f, height / 2f, paint);
        }
        using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 95);
        var jpeg = data.ToArray();
        if (exif is null) return jpeg;
        // APP1 right after SOI, where cameras put it.
        var length = exif.Length + 2;
        return [0xFF, 0xD8, 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. exif, .. jpeg.AsSpan(2)];
    }

    /// <summary>A valid 1×1 PNG: signature, IHDR, IDAT, IEND.</summary>
    public static byte[] Png() => Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    /// <summary>An ISO BMFF ftyp box with the given major brand (heic for HEIC; isom is an MP4).</summary>
    public static byte[] Ftyp(string brand = "heic") =>
    [
        0x00, 0x00, 0x00, 0x18, .. "ftyp"u8, .. Encoding.ASCII.GetBytes(brand), 0x00, 0x00, 0x00, 0x00, .. "mif1"u8, .. "heic"u8,
        0x00, 0x00, 0x00, 0x08, .. "meta"u8,
    ];

    public static byte[] Docx() => Zip(
        ("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"""),
        ("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"""),
        ("word/document.xml", """<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Cerere</w:t></w:r></w:p></w:body></w:document>"""));

    /// <summary>An OpenDocument package: the stored mimetype entry first, then the content.</summary>
    public static byte[] Odt(string mimetype = "application/vnd.oasis.opendocument.text") => Zip(
        ("mimetype", mimetype),
        ("content.xml", """<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.3"/>"""),
        ("META-INF/manifest.xml", """<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"/>"""));

    public static byte[] Text(string text = "Cerere de înscriere: ștampilă, țară, Ţepeş, „ghilimele”.\r\n") => Encoding.UTF8.GetBytes(text);

    /// <summary>The start of a Windows executable: MZ, a DOS stub and zeros.</summary>
    public static byte[] Exe() => [.. "MZ"u8, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, .. new byte[64]];

    public static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                var entry = zip.CreateEntry(name, name == "mimetype" ? CompressionLevel.NoCompression : CompressionLevel.Optimal);
                using var writer = new StreamWriter(entry.Open(), new UTF8Encoding(false));
                writer.Write(content);
            }
        }
        return buffer.ToArray();
    }
}
