using System.Globalization;
using Microsoft.Extensions.Options;

namespace Ghiseu.Features.Channels.Email;

/// <summary>
/// The organizational domain of a name (RFC 7489 section 3.2): one label more than its public suffix,
/// by the Public Suffix List (rules, "*." wildcards and "!" exceptions). DMARC alignment compares
/// organizational domains, so "mail.primarie.com.ro" and "primarie.com.ro" align while two
/// registrants under "com.ro" or "co.uk" do not. Without the list the last two labels are taken,
/// which wrongly aligns every registrant under a two-label suffix.
/// </summary>
public sealed class PublicSuffixList
{
    private static readonly IdnMapping Idn = new();
    private readonly HashSet<string> rules = new(StringComparer.Ordinal);
    private readonly HashSet<string> wildcards = new(StringComparer.Ordinal);
    private readonly HashSet<string> exceptions = new(StringComparer.Ordinal);

    public PublicSuffixList(IOptions<EmailOptions> options, ILogger<PublicSuffixList> log)
        : this(Read(options.Value.Authentication.PublicSuffixList), options.Value.Authentication.ExtraPublicSuffixes)
    {
        if (!Loaded) log.LogWarning("No Public Suffix List at {Path}: organizational domains are taken as the last two labels",
            options.Value.Authentication.PublicSuffixList);
    }

    /// <summary>From the lines of the list, plus suffixes of the operator's own (internal: the container builds it from the settings).</summary>
    internal PublicSuffixList(IEnumerable<string>? lines, IEnumerable<string>? extra = null)
    {
        foreach (var raw in lines ?? [])
        {
            // A rule is the line's first word; comments start with "//".
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal)) continue;
            Add(line.Split(' ', '\t')[0]);
        }
        Loaded = rules.Count > 0;
        foreach (var suffix in extra ?? []) Add(suffix.Trim().TrimStart('.'));
    }

    /// <summary>False when the list's file was missing or empty (the two-label fallback is in use).</summary>
    public bool Loaded { get; }

    public string OrganizationalDomain(string domain)
    {
        var labels = Ascii(domain).Split('.');
        if (labels.Length <= 1) return string.Join('.', labels);
        // The longest matching rule wins (an exception removes its leftmost label); no match is the implicit "*".
        var suffix = 1;
        for (var n = labels.Length; n >= 1; n--)
        {
            var name = string.Join('.', labels[^n..]);
            if (exceptions.Contains(name)) { suffix = n - 1; break; }
            if (rules.Contains(name) || (n >= 2 && wildcards.Contains(string.Join('.', labels[^(n - 1)..])))) { suffix = n; break; }
        }
        // A name that is itself a public suffix has no organizational domain: it stands for itself, aligned with nothing else.
        return string.Join('.', labels[^Math.Min(labels.Length, suffix + 1)..]);
    }

    /// <summary>RFC 7489 identifier alignment: strict is the same name, relaxed the same organizational domain.</summary>
    public bool Aligned(string a, string b, bool strict) =>
        strict ? Ascii(a) == Ascii(b) : OrganizationalDomain(a) == OrganizationalDomain(b);

    private void Add(string rule)
    {
        if (rule.Length == 0) return;
        if (rule.StartsWith('!')) exceptions.Add(Ascii(rule[1..]));
        else if (rule.StartsWith("*.", StringComparison.Ordinal)) wildcards.Add(Ascii(rule[2..]));
        else rules.Add(Ascii(rule));
    }

    /// <summary>Lower case, no trailing dot, internationalized labels as A-labels (the list has them in Unicode, mail in either).</summary>
    private static string Ascii(string name)
    {
        var n = name.Trim().TrimEnd('.').ToLowerInvariant();
        if (n.All(char.IsAscii)) return n;
        try { return Idn.GetAscii(n); }
        catch (ArgumentException) { return n; }
    }

    private static IEnumerable<string>? Read(string path) => File.Exists(path) ? File.ReadLines(path) : null;
}
