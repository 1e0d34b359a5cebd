namespace Ghiseu.Features.Channels.Email;

/// <summary>
/// What the checks of a message's sender found. Each of <see cref="Spf"/>, <see cref="Dkim"/> and
/// <see cref="Dmarc"/> is pass, fail, unknown (no answer from DNS, or a verdict that says nothing)
/// or none (nothing to check); <see cref="Check"/> sums them up the same way.
/// </summary>
public sealed record SenderAuthentication(string Spf, string Dkim, string Dmarc, string Check)
{
    public const string Pass = "pass", Fail = "fail", Unknown = "unknown", None = "none";

    public static readonly SenderAuthentication NotChecked = new(None, None, None, None);

    /// <summary>The From domain is proven by DMARC: what may let the sender count as the citizen it names.</summary>
    public bool SenderAuthenticated => Dmarc == Pass;

    /// <summary>
    /// The overall verdict: DMARC's when the domain publishes a policy; without one, a hard SPF fail
    /// with no valid DKIM signature fails, a pass of either aligned with From passes. Any DNS
    /// failure on the way makes it unknown, never fail.
    /// </summary>
    public static string Sum(string spf, string dkim, string dmarc, bool alignedPass)
    {
        if (dmarc is Pass or Fail or Unknown) return dmarc;
        if (spf == Unknown || dkim == Unknown) return Unknown;
        if (spf == Fail && dkim is Fail or None) return Fail;
        if (alignedPass) return Pass;
        return spf == None && dkim == None ? None : Unknown;
    }

    /// <summary>The organizational domain: its last two labels (no public-suffix list here).</summary>
    public static string Organizational(string domain)
    {
        var labels = domain.TrimEnd('.').ToLowerInvariant().Split('.');
        return labels.Length <= 2 ? string.Join('.', labels) : $"{labels[^2]}.{labels[^1]}";
    }

    /// <summary>RFC 7489 identifier alignment: strict is the same domain, relaxed the same organizational domain.</summary>
    public static bool Aligned(string a, string b, bool strict) =>
        strict ? string.Equals(a.TrimEnd('.'), b.TrimEnd('.'), StringComparison.OrdinalIgnoreCase)
            : string.Equals(Organizational(a), Organizational(b), StringComparison.Ordinal);
}
