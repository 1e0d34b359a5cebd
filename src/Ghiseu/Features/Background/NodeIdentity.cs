using System.Text.RegularExpressions;

namespace Ghiseu.Features.Background;

/// <summary>
/// Who holds a lease: this node's name (setting <c>Ghiseu:Node:Name</c>, by default the machine's
/// name), this run of the process, and one pass of work, written as <c>name/run/pass</c> in every
/// <c>LeasedBy</c> column. The name outlives a restart, so a node that comes back knows which
/// leases its previous run left behind and takes them back at once instead of waiting for them to
/// end (see <see cref="LeaseRecovery"/>).
/// </summary>
public sealed partial class NodeIdentity
{
    public const string NameKey = "Ghiseu:Node:Name";

    public NodeIdentity(IConfiguration config)
    {
        var configured = config[NameKey];
        if (configured is not null && !ValidName().IsMatch(configured))
            throw new InvalidOperationException($"{NameKey} must be 1–40 letters, digits, '.', '_' or '-'; '{configured}' is not.");
        Name = configured ?? DefaultName(Environment.MachineName);
    }

    /// <summary>This node, the same after a restart.</summary>
    public string Name { get; }

    /// <summary>This run of the process.</summary>
    public string Run { get; } = Guid.NewGuid().ToString("N")[..12];

    /// <summary>What every lease of this node starts with, whichever run took it.</summary>
    public string NamePrefix => Name + "/";

    /// <summary>What every lease taken by this run starts with.</summary>
    public string RunPrefix => $"{Name}/{Run}/";

    /// <summary>
    /// A holder for one pass of work. Passes of one run that overlap (a second worker, a pass started
    /// by hand) never take each other's rows for their own.
    /// </summary>
    public string NewHolder() => RunPrefix + Guid.NewGuid().ToString("N");

    /// <summary>Whether a lease holder was written by an earlier run of this node.</summary>
    public bool IsEarlierRun(string? holder) =>
        holder is not null && holder.StartsWith(NamePrefix, StringComparison.Ordinal) && !holder.StartsWith(RunPrefix, StringComparison.Ordinal);

    internal static string DefaultName(string machine)
    {
        var name = InvalidChar().Replace(machine, "-");
        return name.Length == 0 ? "node" : name[..Math.Min(40, name.Length)];
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,40}$")]
    private static partial Regex ValidName();

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex InvalidChar();
}
