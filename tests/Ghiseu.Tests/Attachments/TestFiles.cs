using System.IO.Compression;
using System.Text;

namespace Ghiseu.Tests.Attachments;

/// <summary>Small but real files of each accepted type, and look-alikes that must be refused.</summary>
public static class TestFiles
{
    public static byte[] Pdf(string text = "test") =>
        Encoding.Latin1.GetBytes($"%PDF-1.7\n%\u00e2\u00e3\n1 0 obj <</Type /Catalog>> endobj\n% {text}\ntrailer <</Root 1 0 R>>\n%%EOF\n");

    /// <summary>SOI, a JFIF APP0 segment and EOI.</summary>
    public static byte[] Jpeg() =>
    [
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
        0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9,
    ];

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
