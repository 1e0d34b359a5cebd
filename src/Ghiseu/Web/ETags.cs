using Microsoft.Net.Http.Headers;

namespace Ghiseu.Web;

/// <summary>
/// Optimistic concurrency over HTTP for resources that carry a version number: the ETag is the
/// version in quotes, and a write with an If-Match naming another version is stale (412).
/// </summary>
public static class ETags
{
    public static string Of(int version) => $"\"{version}\"";

    /// <summary>
    /// True when the request sent If-Match and none of its tags is the current one. Without If-Match a
    /// write goes ahead, as it did before clients knew of versions; "*" matches any version.
    /// </summary>
    public static bool Stale(HttpRequest http, int version)
    {
        var sent = http.Headers.IfMatch;
        if (sent.Count == 0) return false;
        if (!EntityTagHeaderValue.TryParseList(sent, out var tags)) return true;
        // If-Match compares strongly (RFC 9110 13.1.1): a weak tag never matches.
        var current = new EntityTagHeaderValue(Of(version));
        return !tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(current, useStrongComparison: true));
    }

    /// <summary>
    /// The version an If-Match names, for a command's expected version: null without If-Match or with "*";
    /// -1 (no version) when no tag can be a version (weak, malformed) or several different ones are named.
    /// </summary>
    public static long? Expected(HttpRequest http)
    {
        var sent = http.Headers.IfMatch;
        if (sent.Count == 0) return null;
        if (!EntityTagHeaderValue.TryParseList(sent, out var tags)) return -1;
        if (tags.Any(t => t.Equals(EntityTagHeaderValue.Any))) return null;
        var versions = tags.Where(t => !t.IsWeak)
            .Select(t => long.TryParse(t.Tag.Value?.Trim('"'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : -1)
            .Distinct().ToList();
        return versions.Count == 1 ? versions[0] : -1;
    }
}
