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

    /// <summary>A DKIM signature that verified is aligned with the From domain (by the domain's DMARC rule, relaxed by default).</summary>
    public bool DkimAligned { get; init; }

    /// <summary>
    /// The From address may count as proven, as a code sent to it and typed back would: DMARC passed
    /// through an aligned DKIM signature. An SPF pass alone is not enough: it proves only that the
    /// sending server is one the domain lists, and a shared host's SPF include lists the servers of
    /// every customer of that host (decision 018).
    /// </summary>
    public bool SenderAuthenticated => Dmarc == Pass && DkimAligned;

    /// <summary>The three results as one line for staff, e.g. "spf=fail dkim=none dmarc=fail".</summary>
    public string Results => $"spf={Spf} dkim={Dkim} dmarc={Dmarc}";

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
}
