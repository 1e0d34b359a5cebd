using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Ghiseu.Tests.Attachments;

namespace Ghiseu.Tests.Security;

/// <summary>Files made to get past a check that looks only at the first bytes.</summary>
public static class CraftedFiles
{
    public static readonly byte[] Script = "<html><body><script>alert(document.cookie)</script></body></html>"u8.ToArray();

    /// <summary>A whole PDF with a page of HTML after its end marker.</summary>
    public static byte[] PdfThenHtml() => [.. TestFiles.Pdf(Guid.NewGuid().ToString("N")), .. Script];

    /// <summary>The same, with a fake end marker after the HTML so that the file still "ends" like a PDF.</summary>
    public static byte[] PdfThenHtmlThenEof() => [.. PdfThenHtml(), .. "\nstartxref\n9\n%%EOF\n"u8];

    /// <summary>HTML with a PDF header and nothing else of a PDF.</summary>
    public static byte[] HtmlWithPdfHeader() => [.. "%PDF-1.7\n"u8, .. Script, .. "\n%%EOF\n"u8];

    public static byte[] PngThenScript() => [.. TestFiles.Png(), .. Script];

    /// <summary>A PNG whose header announces width × height pixels, with almost no image data behind it.</summary>
    public static byte[] PngClaiming(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        using var idat = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionLevel.Optimal, leaveOpen: true)) z.Write(new byte[1024]);
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Chunk("IHDR", ihdr), .. Chunk("IDAT", idat.ToArray()), .. Chunk("IEND", [])];
    }

    /// <summary>
    /// An EXIF segment as a phone writes it: the orientation (6: turn 90° clockwise to view) and a GPS
    /// position, plus a marker string that must not survive.
    /// </summary>
    public static byte[] ExifWithGps(string marker)
    {
        // TIFF little-endian; IFD0 at 8 with Orientation and the GPS IFD pointer; GPS IFD with GPSLatitudeRef "N" and a marker in an ASCII tag.
        var tiff = new List<byte>();
        void U16(int v) { tiff.Add((byte)v); tiff.Add((byte)(v >> 8)); }
        void U32(int v) { U16(v & 0xFFFF); U16(v >> 16); }
        var text = Encoding.ASCII.GetBytes(marker + "\0");
        tiff.AddRange("II"u8.ToArray()); U16(42); U32(8);
        U16(2); // IFD0: two entries
        U16(0x0112); U16(3); U32(1); U16(6); U16(0); // Orientation = 6
        U16(0x8825); U16(4); U32(1); U32(8 + 2 + 24 + 4); // GPS IFD offset
        U32(0);
        U16(2); // GPS IFD: two entries
        U16(0x0001); U16(2); U32(2); tiff.AddRange("N\0\0\0"u8.ToArray()); // GPSLatitudeRef
        U16(0x001B); U16(2); U32(text.Length); U32(8 + 2 + 24 + 4 + 2 + 24 + 4); // GPSProcessingMethod: the marker
        U32(0);
        tiff.AddRange(text);
        return [.. "Exif\0\0"u8, .. tiff];
    }

    /// <summary>A DOCX whose extra part inflates to <paramref name="expanded"/> bytes of zeros (a few hundred KB packed).</summary>
    public static byte[] DocxBomb(long expanded, bool lieAboutSize = false)
    {
        var docx = TestFiles.Docx();
        using var buffer = new MemoryStream();
        buffer.Write(docx);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            using var s = zip.CreateEntry("word/media/zeros.bin", CompressionLevel.SmallestSize).Open();
            var block = new byte[1024 * 1024];
            for (long left = expanded; left > 0; left -= block.Length) s.Write(block, 0, (int)Math.Min(block.Length, left));
        }
        var bytes = buffer.ToArray();
        return lieAboutSize ? ClaimSmallSizes(bytes) : bytes;
    }

    /// <summary>A DOCX with <paramref name="count"/> tiny extra parts.</summary>
    public static byte[] DocxWithParts(int count)
    {
        using var buffer = new MemoryStream();
        buffer.Write(TestFiles.Docx());
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
            for (var i = 0; i < count; i++) zip.CreateEntry($"customXml/item{i}.xml", CompressionLevel.NoCompression);
        return buffer.ToArray();
    }

    /// <summary>Rewrites every uncompressed size in the local and central headers to 1 KB: the claim, not the truth.</summary>
    private static byte[] ClaimSmallSizes(byte[] zip)
    {
        for (var i = 0; i + 46 <= zip.Length; i++)
        {
            if (zip.AsSpan(i).StartsWith("PK\x03\x04"u8)) BinaryPrimitives.WriteInt32LittleEndian(zip.AsSpan(i + 22), 1024);
            else if (zip.AsSpan(i).StartsWith("PK\x01\x02"u8)) BinaryPrimitives.WriteInt32LittleEndian(zip.AsSpan(i + 24), 1024);
        }
        return zip;
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        var typeBytes = Encoding.ASCII.GetBytes(type);
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32([.. typeBytes, .. data]));
        return [.. length, .. typeBytes, .. data, .. crc];
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
