using System.Text.RegularExpressions;
using Ghiseu.Data;

namespace Ghiseu.Features.Knowledge;

/// <summary>URL names of articles: folded title (no diacritics), lower-case words joined by dashes.</summary>
public static partial class Slugs
{
    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlug();

    public static string From(string title)
    {
        var slug = NonSlug().Replace(TextFolding.Fold(title), "-").Trim('-');
        return slug.Length == 0 ? "articol" : slug.Length > 80 ? slug[..80].TrimEnd('-') : slug;
    }
}
