using System.Text;
using Ghiseu.Features.Attachments;

namespace Ghiseu.Tests.Attachments;

/// <summary>Files are recognized by their bytes; name, declared type and content must all agree.</summary>
public class FileTypesTests
{
    private static (FileTypes.Kind? Kind, string? Error) Check(string name, byte[] content, string? declared = null)
    {
        using var stream = new MemoryStream(content);
        return FileTypes.Check(name, declared, stream);
    }

    public static TheoryData<string, string, string> Accepted() => new()
    {
        { "cerere.pdf", "application/pdf", "PDF" },
        { "poza.jpg", "image/jpeg", "JPEG" },
        { "poza.JPEG", "image/jpeg", "JPEG" },
        { "scan.png", "image/png", "PNG" },
        { "procura.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX" },
        { "procura.odt", "application/vnd.oasis.opendocument.text", "ODT" },
        { "nota.txt", "text/plain; charset=utf-8", "TXT" },
        { "nota.txt", "application/octet-stream", "TXT" },
        { "nota.txt", "", "TXT" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Check_RealFileOfAnAcceptedType_ReturnsItsKind(string name, string declared, string kind)
    {
        var (found, error) = Check(name, Build(kind), declared);
        Assert.Null(error);
        Assert.Equal(kind, found?.Name);
    }

    [Fact]
    public void Check_RomanianTextEndingInAMultiByteLetter_IsText()
    {
        var (kind, error) = Check("nota.txt", TestFiles.Text("Ştefan din Piteşti, județul Argeș"));
        Assert.Null(error);
        Assert.Same(FileTypes.Text, kind);
    }

    [Fact]
    public void Sniff_RewindsTheStream_SoItCanBeStoredAfterwards()
    {
        using var stream = new MemoryStream(TestFiles.Docx());
        stream.Position = 7;
        Assert.Same(FileTypes.Docx, FileTypes.Sniff(stream));
        Assert.Equal(0, stream.Position);
    }

    public static TheoryData<string, byte[], string> Refused() => new()
    {
        { "factura.pdf", TestFiles.Exe(), "not a PDF" },
        { "poza.jpg", TestFiles.Png(), "not a JPEG" },
        { "poza.png", TestFiles.Jpeg(), "not a PNG" },
        { "IMG_0001.HEIC", TestFiles.Ftyp(), "send it as JPEG" },
        { "IMG_0002.heif", TestFiles.Ftyp(), "send it as JPEG" },
        { "arhiva.docx", TestFiles.Zip(("readme.txt", "nu e document")), "not a DOCX" },
        { "foaie.docx", TestFiles.Odt(), "not a DOCX" },
        { "procura.odt", TestFiles.Docx(), "not a ODT" },
        { "tabel.odt", TestFiles.Odt("application/vnd.oasis.opendocument.spreadsheet"), "not a ODT" },
        { "rupt.docx", TestFiles.Docx()[..60], "not a DOCX" },
        { "cerere.docx", TestFiles.Pdf(), "not a DOCX" },
        { "nota.txt", [.. "linia unu\0linia doi"u8], "not a TXT" },
        { "nota.txt", [.. "Pite"u8, 0xFE, .. "ti este un oraș"u8], "not a TXT" },
        { "nota.txt", [.. "o literă ruptă la sfârșit: "u8, 0xC8], "not a TXT" },
        { "nota.txt", [.. "un octet greșit la sfârșit"u8, 0xFF], "not a TXT" },
        { "nota.txt", [.. "surogat codat în UTF-8 "u8, 0xED, 0xA0, 0x80, .. " rest"u8], "not a TXT" },
        { "nota.txt", TestFiles.Exe(), "not a TXT" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Check_ContentNotOfTheNamedType_RefusedNamingTheFileAndWhy(string name, byte[] content, string why)
    {
        var (kind, error) = Check(name, content);
        Assert.Null(kind);
        Assert.NotNull(error);
        Assert.Contains(name, error, StringComparison.Ordinal);
        Assert.Contains(why, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Check_TextBadOnlyAfterTheFirst64KiB_IsRefused(int flaw)
    {
        var content = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Text românesc corect: ș ț ă î â. ", 3000))).ToList();
        Assert.True(content.Count > 64 * 1024);
        content.AddRange(flaw == 0 ? [0x00] : [0xC3, 0x28]);
        content.AddRange("coada"u8.ToArray());
        var (kind, error) = Check("lung.txt", [.. content]);
        Assert.Null(kind);
        Assert.Contains("lung.txt", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("desen.svg")]
    [InlineData("pagina.html")]
    [InlineData("program.exe")]
    [InlineData("fara-extensie")]
    public void Check_ExtensionNotAccepted_RefusedNamingTheFileAndTheAllowedTypes(string name)
    {
        var (kind, error) = Check(name, TestFiles.Text("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"));
        Assert.Null(kind);
        Assert.NotNull(error);
        Assert.Contains(name, error, StringComparison.Ordinal);
        Assert.Contains(".pdf", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cerere.pdf", "image/png")]
    [InlineData("nota.txt", "text/html")]
    [InlineData("poza.jpg", "application/pdf")]
    public void Check_DeclaredTypeContradictsTheName_RefusedNamingFileAndBothTypes(string name, string declared)
    {
        var content = Path.GetExtension(name) switch { ".pdf" => TestFiles.Pdf(), ".jpg" => TestFiles.Jpeg(), _ => TestFiles.Text() };
        var (kind, error) = Check(name, content, declared);
        Assert.Null(kind);
        Assert.NotNull(error);
        Assert.Contains(name, error, StringComparison.Ordinal);
        Assert.Contains(declared, error, StringComparison.Ordinal);
    }

    private static byte[] Build(string kind) => kind switch
    {
        "PDF" => TestFiles.Pdf(),
        "JPEG" => TestFiles.Jpeg(),
        "PNG" => TestFiles.Png(),
        "DOCX" => TestFiles.Docx(),
        "ODT" => TestFiles.Odt(),
        "TXT" => TestFiles.Text(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
