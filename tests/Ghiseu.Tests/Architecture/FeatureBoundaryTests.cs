namespace Ghiseu.Tests.Architecture;

/// <summary>
/// Each feature owns its tables and is reached through its services; Data/ and Web/ sit below every
/// feature; no two features depend on each other. What broke these rules when the test came is listed
/// in the baselines below: the lists may only shrink. A new violation fails, and so does an entry
/// that no longer happens (delete its line), so each list stays exactly what is left to fix.
/// </summary>
public sealed partial class FeatureBoundaryTests
{
    private static readonly Lazy<FeatureGraph> Ghiseu = new(() =>
        FeatureGraph.Read(typeof(Program).Assembly.Location).AddSources(Path.Combine(Root(), "src", "Ghiseu")));

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ghiseu.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Ghiseu.slnx not found above the test binaries.");
    }

    [Fact]
    public void Features_UseOnlyTheirOwnDbSets() =>
        Ratchet(Ghiseu.Value.ForeignDbSets(), ForeignDbSets, "a feature uses another feature's DbSet (call the owner's service instead)");

    [Fact]
    public void DataAndWeb_DoNotReferenceFeatures() =>
        Ratchet(Ghiseu.Value.LayersUsingFeatures(), LayersUsingFeatures, "Data/ or Web/ refers to a feature (move the piece down, or let the feature plug in)");

    [Fact]
    public void Features_DoNotDependOnEachOther()
    {
        var graph = Ghiseu.Value;
        Ratchet(graph.CyclicDependencies(), CyclicDependencies, "a dependency closes a cycle between features (invert it with an interface the lower feature owns)",
            edge => graph.Evidence(edge.Split(" -> ")[0], edge.Split(" -> ")[1]));
    }

    private static void Ratchet(IReadOnlyList<string> found, string baseline, string rule, Func<string, string>? why = null)
    {
        var allowed = baseline.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var added = found.Where(f => !allowed.Contains(f)).ToList();
        var gone = allowed.Where(a => !found.Contains(a)).Order(StringComparer.Ordinal).ToList();
        var dump = Environment.GetEnvironmentVariable("GHISEU_BOUNDARY_DUMP");
        if (dump is not null) File.WriteAllLines(Path.Combine(dump, $"{found.Count}-{rule[..12].Replace('/', '_')}.txt"), found);
        Assert.True(added.Count == 0 && gone.Count == 0,
            (added.Count == 0 ? "" : $"New: {rule}:\n  " + string.Join("\n  ", added.Select(a => why is null ? a : $"{a}   ({why(a)})")) + "\n")
            + (gone.Count == 0 ? "" : "Fixed, so delete these lines from the baseline:\n  " + string.Join("\n  ", gone)));
    }
}
