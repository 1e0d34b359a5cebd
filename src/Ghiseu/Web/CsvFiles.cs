using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Ghiseu.Web;

/// <summary>
/// The one way Ghiseu writes CSV. A cell that begins with = + - @ tab or carriage return is a formula
/// to a spreadsheet (=HYPERLINK(…), =cmd|' /C calc'!A0): it is written with a leading single quote
/// (OWASP's rule), so a citizen's name or a subject is shown as text, never run.
/// </summary>
public static class CsvFiles
{
    private static readonly CsvConfiguration Config = new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
        InjectionCharacters = ['=', '+', '-', '@', '\t', '\r'],
        InjectionEscapeCharacter = '\'',
    };

    /// <summary>The rows as a UTF-8 CSV file with a byte-order mark (so spreadsheets read the diacritics).</summary>
    public static IResult File<T>(IEnumerable<T> rows, string fileName)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, Config)) csv.WriteRecords(rows);
        var bytes = System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(text.ToString())).ToArray();
        return TypedResults.File(bytes, "text/csv; charset=utf-8", fileName);
    }
}
