using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Exceptions;

namespace Ghiseu.Features.Attachments;

/// <summary>
/// A PDF must be a whole document and nothing else: its last <c>startxref</c> points at a real
/// cross-reference section, nothing but white space follows the final <c>%%EOF</c> (so no page or
/// script rides after it), and PdfPig reads its catalog and page tree with at least one page.
/// </summary>
internal static class PdfCheck
{
    /// <summary>The specification puts the end marker within the last 1,024 bytes.</summary>
    private const int Tail = 1024;

    public static string? Check(Stream s, string name)
    {
        var length = s.Length;
        var tail = new byte[(int)Math.Min(Tail, length)];
        s.Position = length - tail.Length;
        s.ReadExactly(tail);
        var eof = tail.AsSpan().LastIndexOf("%%EOF"u8);
        if (eof < 0) return Format(Web.Resources.Messages.FileTrailingData, name);
        foreach (var b in tail.AsSpan(eof + 5))
            if (b is not (0x20 or 0x09 or 0x0A or 0x0D or 0x0C or 0x00)) return Format(Web.Resources.Messages.FileTrailingData, name);
        if (!PointsAtCrossReference(s, tail, eof)) return Format(Web.Resources.Messages.FileDamaged, name);
        s.Position = 0;
        try
        {
            using var document = PdfDocument.Open(s, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
            return document.NumberOfPages >= 1 ? null : Format(Web.Resources.Messages.FileDamaged, name);
        }
        catch (PdfDocumentEncryptedException)
        {
            return Format(Web.Resources.Messages.FilePasswordProtected, name);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            // A reader that cannot follow the document's own structure: damaged, cut short or forged.
            return Format(Web.Resources.Messages.FileDamaged, name);
        }
    }

    /// <summary>The offset after the last <c>startxref</c> holds a table (<c>xref</c>) or a stream object (<c>12 0 obj</c>).</summary>
    private static bool PointsAtCrossReference(Stream s, byte[] tail, int eof)
    {
        var at = tail.AsSpan(0, eof).LastIndexOf("startxref"u8);
        if (at < 0) return false;
        var number = Encoding.ASCII.GetString(tail, at + 9, eof - at - 9).Trim();
        if (!long.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var offset)
            || offset <= 0 || offset >= s.Length) return false;
        var head = new byte[32];
        s.Position = offset;
        var n = s.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var text = Encoding.ASCII.GetString(head, 0, n).TrimStart();
        if (text.StartsWith("xref", StringComparison.Ordinal)) return true;
        var parts = text.Split((char[])[' ', '\r', '\n', '\t'], 4, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 3 && parts[0].All(char.IsAsciiDigit) && parts[1].All(char.IsAsciiDigit) && parts[2].StartsWith("obj", StringComparison.Ordinal);
    }

    private static string Format(string template, string name) =>
        string.Format(System.Globalization.CultureInfo.CurrentCulture, template, name, FileTypes.Pdf.Name);
}
