using System.ComponentModel.DataAnnotations;

namespace Ghiseu.Features.Desk;

/// <summary>Settings of the desk's inbox and search (section Ghiseu:Desk, shared with the desk pages' settings).</summary>
public sealed class InboxOptions
{
    public const string Section = "Ghiseu:Desk";

    /// <summary>A case is "due soon" when one of its deadlines falls within this window.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan DueSoon { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// View counts stop here and are reported as "at least": counting every row of a large unit
    /// costs a full index scan on each inbox refresh, and nobody reads a count beyond this exactly.
    /// </summary>
    [Range(100, 1_000_000)]
    public int CountCap { get; set; } = 10_000;

    /// <summary>Full-text matches up to which the matching ids are read first (see CaseSearch).</summary>
    [Range(1, 100_000)]
    public int SearchCandidateLimit { get; set; } = Cases.CaseSearch.CandidateLimit;
}
