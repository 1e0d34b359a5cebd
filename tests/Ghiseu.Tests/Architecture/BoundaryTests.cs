using System.Reflection;
using System.Text.RegularExpressions;
using Ghiseu.Data;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Architecture;

/// <summary>Keeps the shape of the code honest: entities free of ASP.NET Core, features talking through services.</summary>
public partial class BoundaryTests
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Ghiseu.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Ghiseu.slnx not found above the test binaries.");
    }

    [Fact]
    public void Entities_DoNotReferenceAspNetCore()
    {
        using var db = new SqliteGhiseuDb(new DbContextOptionsBuilder<SqliteGhiseuDb>().UseSqlite("Data Source=:memory:").Options);
        var offenders = new List<string>();
        foreach (var type in db.Model.GetEntityTypes().Select(e => e.ClrType).Distinct())
        {
            if (type.Namespace?.StartsWith("Ghiseu.", StringComparison.Ordinal) != true) continue; // Identity's own tables
            var referenced = type.GetProperties().Select(p => p.PropertyType)
                .Concat(type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                    .SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)));
            foreach (var t in referenced)
                if (t.Namespace?.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) == true)
                    offenders.Add($"{type.Name} uses {t.FullName}");
        }
        Assert.Empty(offenders);
    }

    [GeneratedRegex(@"\b([A-Z]\w*)Endpoints\b")]
    private static partial Regex EndpointsReference();

    [Fact]
    public void Features_DoNotCallAnotherFeaturesEndpoints()
    {
        var features = Path.Combine(Root, "src", "Ghiseu", "Features");
        var owner = Directory.GetFiles(features, "*Endpoints.cs", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => Path.GetRelativePath(features, f).Split(Path.DirectorySeparatorChar)[0]);
        Assert.NotEmpty(owner);
        var offenders = new List<string>();
        foreach (var file in Directory.GetFiles(features, "*.cs", SearchOption.AllDirectories))
        {
            var feature = Path.GetRelativePath(features, file).Split(Path.DirectorySeparatorChar)[0];
            foreach (Match m in EndpointsReference().Matches(File.ReadAllText(file)))
                if (owner.TryGetValue(m.Value, out var other) && other != feature)
                    offenders.Add($"{Path.GetFileName(file)} ({feature}) uses {m.Value} of {other}");
        }
        Assert.Empty(offenders);
    }

    [Fact]
    public void SourceFiles_StayUnder400Lines()
    {
        var src = Path.Combine(Root, "src", "Ghiseu");
        var long_ = Directory.GetFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadLines(f).Count() > 400).Select(Path.GetFileName).ToList();
        Assert.Empty(long_);
    }
}
