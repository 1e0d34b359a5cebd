using System.Globalization;
using System.Text;

namespace Ghiseu.Data;

/// <summary>
/// Folds text for search: lower case, no diacritics. Romanian ş/ș and ţ/ț (cedilla and
/// comma-below forms) both fold to s and t, so either spelling finds the other.
/// </summary>
public static class TextFolding
{
    // What each non-ASCII UTF-16 unit folds to, worked out once: normalizing a whole 20 KB letter
    // (decompose, drop the marks, recompose) was most of the cost of indexing it.
    private static readonly string?[] Folded = new string?[char.MaxValue + 1];

    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (char.IsAscii(ch)) sb.Append(char.ToLowerInvariant(ch));
            else sb.Append(Folded[ch] ??= FoldOne(ch));
        }
        var folded = sb.ToString();
        // What stays decomposed (Hangul jamo, spacing marks) composes as a whole-text normalization would.
        return folded.IsNormalized(NormalizationForm.FormC) ? folded : folded.Normalize(NormalizationForm.FormC);
    }

    /// <summary>One character decomposed, without its non-spacing marks (the diacritics), in lower case.</summary>
    private static string FoldOne(char ch)
    {
        if (char.IsSurrogate(ch)) return ch.ToString();
        var sb = new StringBuilder(2);
        foreach (var c in ch.ToString().Normalize(NormalizationForm.FormD))
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) sb.Append(char.ToLowerInvariant(c));
        return sb.ToString();
    }

    /// <summary>The folded words of the text: runs of letters and digits, so nothing in them is query syntax.</summary>
    public static IEnumerable<string> WordsOf(string? text)
    {
        var folded = Fold(text);
        for (var i = 0; i < folded.Length;)
        {
            var (start, length) = NextWord(folded, ref i);
            if (length > 0) yield return folded.Substring(start, length);
        }
    }

    /// <summary>
    /// What search indexes of a text: each of its folded words once, in order of first use, joined by
    /// spaces, cut at a word boundary to <paramref name="maxLength"/> characters. Searches match words
    /// (as prefixes), never phrases, so a repeated word adds nothing but work: a 20 KB letter is
    /// typically a few KB of distinct words, and the databases tokenize only that (SQLite's FTS5 and
    /// PostgreSQL's to_tsvector, the slowest part of saving a new case there). Decision 015.
    /// </summary>
    public static string Words(string? text, int maxLength = int.MaxValue)
    {
        var folded = Fold(text);
        var seen = new HashSet<string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        var sb = new StringBuilder();
        for (var i = 0; i < folded.Length;)
        {
            var (start, length) = NextWord(folded, ref i);
            var word = folded.AsSpan(start, length);
            if (length == 0 || !seen.Add(word)) continue;
            if (sb.Length + (sb.Length > 0 ? 1 : 0) + length > maxLength) break;
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(word);
        }
        return sb.ToString();
    }

    /// <summary>The next run of letters and digits (Unicode categories L and N) from <paramref name="i"/>, which moves past it.</summary>
    private static (int Start, int Length) NextWord(string s, ref int i)
    {
        while (i < s.Length && !IsWordChar(s[i])) i++;
        var start = i;
        while (i < s.Length && IsWordChar(s[i])) i++;
        return (start, i - start);
    }

    private static bool IsWordChar(char c) => char.IsAscii(c)
        ? char.IsAsciiLetterOrDigit(c)
        : CharUnicodeInfo.GetUnicodeCategory(c) is <= UnicodeCategory.OtherLetter or (>= UnicodeCategory.DecimalDigitNumber and <= UnicodeCategory.OtherNumber);
}
