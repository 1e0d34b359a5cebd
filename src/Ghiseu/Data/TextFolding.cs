using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Ghiseu.Data;

/// <summary>
/// Folds text for search: lower case, no diacritics. Romanian ş/ș and ţ/ț (cedilla and
/// comma-below forms) both fold to s and t, so either spelling finds the other.
/// </summary>
public static partial class TextFolding
{
    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            sb.Append(char.ToLowerInvariant(ch));
        }
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>The folded words of the text: runs of letters and digits, so nothing in them is query syntax.</summary>
    public static IEnumerable<string> WordsOf(string? text) => WordPattern().Matches(Fold(text)).Select(m => m.Value);

    /// <summary>
    /// What search indexes of a text: each of its folded words once, in order of first use, joined by
    /// spaces, cut at a word boundary to <paramref name="maxLength"/> characters. Searches match words
    /// (as prefixes), never phrases, so a repeated word adds nothing but work: a 20 KB letter is
    /// typically a few KB of distinct words, and the databases tokenize only that (SQLite's FTS5 and
    /// PostgreSQL's to_tsvector, the slowest part of saving a new case there).
    /// </summary>
    public static string Words(string? text, int maxLength = int.MaxValue)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var sb = new StringBuilder();
        foreach (var word in WordsOf(text))
        {
            if (!seen.Add(word)) continue;
            if (sb.Length + (sb.Length > 0 ? 1 : 0) + word.Length > maxLength) break;
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(word);
        }
        return sb.ToString();
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();
}
