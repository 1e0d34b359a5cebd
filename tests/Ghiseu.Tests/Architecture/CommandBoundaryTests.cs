using System.Text.RegularExpressions;

namespace Ghiseu.Tests.Architecture;

/// <summary>The case core knows no transport; the desk passes its circuit's cancellation.</summary>
public sealed partial class CommandBoundaryTests
{
    private static readonly string Src = Path.Combine(FindRoot(), "src", "Ghiseu");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ghiseu.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Ghiseu.slnx not found above the test binaries.");
    }

    [GeneratedRegex(@"\b(IResult|HttpRequest|HttpContext|TypedResults|HttpResponse)\b")]
    private static partial Regex Http();

    [Fact]
    public void CaseCore_OutsideEndpoints_UsesNoHttpTypes()
    {
        var offenders = Directory.EnumerateFiles(Path.Combine(Src, "Features", "Cases"), "*.cs")
            .Where(f => !f.EndsWith("Endpoints.cs", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => Http().IsMatch(x.line))
            .Select(x => $"{Path.GetFileName(x.f)}:{x.i + 1}: {x.line.Trim()}").ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void Desk_Components_PassTheCircuitsCancellation()
    {
        var desk = Path.Combine(Src, "Features", "Desk");
        var offenders = Directory.EnumerateFiles(desk, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
                && !f.Contains($"{Path.DirectorySeparatorChar}SignIn{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f) is var text && (text.Contains("CancellationToken.None", StringComparison.Ordinal) || text.Contains("DefaultHttpContext", StringComparison.Ordinal)))
            .Select(Path.GetFileName).ToList();
        Assert.Empty(offenders);
    }
}
