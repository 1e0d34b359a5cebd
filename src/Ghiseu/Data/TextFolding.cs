using System.Globalization;
using System.Text;

namespace Ghiseu.Data;

/// <summary>
/// Folds text for search: lower case, no diacritics. Romanian ş/ș and ţ/ț (cedilla and
/// comma-below forms) both fold to s and t, so either spelling finds the other.
/// </summary>
public static class TextFolding
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
}
