using System.IO.Compression;
using System.Text;
using Ghiseu.Web.Resources;

namespace Ghiseu.Features.Attachments;

/// <summary>
/// The file types citizens and staff may attach, recognized by their bytes, not by their name:
/// a file is accepted only when its content is of the type its extension and declared type claim.
/// This is the first look; <see cref="FileChecks"/> then reads the whole file with its format's reader.
/// </summary>
public static class FileTypes
{
    public sealed record Kind(string Name, string ContentType, string[] Extensions);

    public static readonly Kind Pdf = new("PDF", "application/pdf", [".pdf"]);
    public static readonly Kind Jpeg = new("JPEG", "image/jpeg", [".jpg", ".jpeg"]);
    public static readonly Kind Png = new("PNG", "image/png", [".png"]);
    /// <summary>
    /// Recognized so it can be refused with a reason: no decoder on the server can check a HEIC photo,
    /// and phones send JPEG when asked (iPhones convert when a web page asks for a file).
    /// </summary>
    public static readonly Kind Heic = new("HEIC", "image/heic", [".heic", ".heif"]);
    public static readonly Kind Docx = new("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", [".docx"]);
    public static readonly Kind Odt = new("ODT", "application/vnd.oasis.opendocument.text", [".odt"]);
    public static readonly Kind Text = new("TXT", "text/plain", [".txt"]);

    /// <summary>The accepted kinds.</summary>
    public static readonly Kind[] All = [Pdf, Jpeg, Png, Docx, Odt, Text];

    public static string AllowedExtensions => string.Join(", ", All.SelectMany(k => k.Extensions));

    /// <summary>Checks name, declared type and content; returns the kind or a reason for refusal.</summary>
    public static (Kind? Kind, string? Error) Check(string fileName, string? declaredType, Stream content)
    {
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        if (Heic.Extensions.Contains(ext)) return (null, Format(Messages.HeicRefused, fileName));
        var claimed = All.FirstOrDefault(k => k.Extensions.Contains(ext));
        if (claimed is null) return (null, Format(Messages.FileTypeRefused, fileName, ext.Length > 0 ? ext : "(—)", AllowedExtensions));
        var declared = declaredType?.Split(';')[0].Trim().ToLowerInvariant();
        if (declared is { Length: > 0 } && declared != "application/octet-stream" && declared != claimed.ContentType
            && !(claimed == Heic && declared == "image/heif") && !(claimed == Jpeg && declared == "image/pjpeg"))
            return (null, Format(Messages.FileTypeMislabeled, fileName, claimed.Name, declared));
        var sniffed = Sniff(content);
        return sniffed == claimed ? (claimed, null) : (null, Format(Messages.FileContentMismatch, fileName, claimed.Name));
    }

    private static string Format(string template, params object[] args) =>
        string.Format(System.Globalization.CultureInfo.CurrentCulture, template, args);

    /// <summary>Recognizes the kind from the bytes; the stream must be seekable and is rewound.</summary>
    public static Kind? Sniff(Stream s)
    {
        s.Position = 0;
        Span<byte> head = stackalloc byte[16];
        var n = s.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        s.Position = 0;
        var h = head[..n];
        if (h.StartsWith("%PDF-"u8)) return Pdf;
        if (h.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF })) return Jpeg;
        if (h.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })) return Png;
        if (n >= 12 && h[4..8].SequenceEqual("ftyp"u8) && IsHeifBrand(Encoding.ASCII.GetString(h[8..12]))) return Heic;
        if (h.StartsWith("PK\x03\x04"u8)) return SniffZip(s);
        return IsPlainText(s) ? Text : null;
    }

    private static bool IsHeifBrand(string brand) => brand is "heic" or "heix" or "hevc" or "hevx" or "heim" or "heis" or "mif1" or "msf1";

    private static Kind? SniffZip(Stream s)
    {
        try
        {
            using var zip = new ZipArchive(s, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.GetEntry("mimetype") is { } mime)
            {
                using var reader = new StreamReader(mime.Open(), Encoding.ASCII);
                return reader.ReadToEnd().Trim() == Odt.ContentType ? Odt : null;
            }
            return zip.GetEntry("[Content_Types].xml") is not null && zip.GetEntry("word/document.xml") is not null ? Docx : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
        finally
        {
            s.Position = 0;
        }
    }

    /// <summary>
    /// UTF-8 text without control characters other than tab, line and page breaks. The whole file is
    /// read, not a sample: a NUL or an invalid sequence anywhere makes it something else.
    /// </summary>
    private static bool IsPlainText(Stream s)
    {
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var buffer = new byte[64 * 1024];
        var chars = new char[buffer.Length + 4];
        try
        {
            int read;
            do
            {
                read = s.Read(buffer);
                foreach (var b in buffer.AsSpan(0, read))
                    if (b < 0x20 && b is not (0x09 or 0x0A or 0x0D or 0x0C)) return false;
                decoder.GetChars(buffer, 0, read, chars, 0, flush: read == 0); // flush at the end: a cut sequence is an error
            } while (read > 0);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        finally
        {
            s.Position = 0;
        }
    }
}
