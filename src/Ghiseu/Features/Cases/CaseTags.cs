namespace Ghiseu.Features.Cases;

/// <summary>
/// What a case's tags may be: a few short labels. Every path that sets tags (creation, patch, the
/// desk, bulk tagging) checks them here, so a client cannot store thousands of them on one case.
/// </summary>
public static class CaseTags
{
    public const int MaxCount = 20;
    public const int MaxLength = 50;

    /// <summary>Trimmed, lower case, without empty or repeated tags.</summary>
    public static List<string> Normalize(IEnumerable<string?>? tags) =>
        [.. (tags ?? []).Select(t => (t ?? "").Trim().ToLowerInvariant()).Where(t => t.Length > 0).Distinct()];

    /// <summary>Why the (normalized) tags are refused, or null; the message is for the <c>tags</c> field.</summary>
    public static string? Check(IReadOnlyCollection<string?>? raw)
    {
        if (raw is null) return null;
        if (raw.Any(t => t is null || t.Trim().Length == 0 || t.Trim().Length > MaxLength || t.Any(char.IsControl)))
            return $"Tags are 1 to {MaxLength} characters, without control characters.";
        return Normalize(raw).Count > MaxCount ? $"A case has at most {MaxCount} tags." : null;
    }
}
