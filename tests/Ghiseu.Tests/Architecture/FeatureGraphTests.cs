using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Ghiseu.Tests.Architecture;

/// <summary>
/// The checker behind FeatureBoundaryTests, fed small compilations with one planted violation each:
/// a checker that reports nothing would keep every baseline green.
/// </summary>
public sealed class FeatureGraphTests
{
    // Stand-ins for EF Core and the database, shaped like the real ones as the checker sees them in IL.
    private const string Stage = """
        namespace Microsoft.EntityFrameworkCore
        {
            public class DbSet<T> { }
            public class DbContext { public DbSet<T> Set<T>() => new(); }
        }
        namespace Ghiseu.Data
        {
            public class GhiseuDb : Microsoft.EntityFrameworkCore.DbContext
            {
                public Microsoft.EntityFrameworkCore.DbSet<Ghiseu.Features.Cases.Case> Cases => Set<Ghiseu.Features.Cases.Case>();
            }
        }
        namespace Ghiseu.Features.Cases
        {
            public class Case { }
            public class CaseWork { public object Open(Ghiseu.Data.GhiseuDb db) => db.Cases; }
        }
        namespace Ghiseu.Features.Desk
        {
            public class Inbox { public object Show(Ghiseu.Features.Cases.CaseWork work, Ghiseu.Data.GhiseuDb db) => work.Open(db); }
        }
        """;

    private static FeatureGraph Compile(string planted)
    {
        var compilation = CSharpCompilation.Create("Planted",
            [CSharpSyntaxTree.ParseText(Stage), CSharpSyntaxTree.ParseText(planted)],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        using var dll = new MemoryStream();
        var emitted = compilation.Emit(dll);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        dll.Position = 0;
        return FeatureGraph.Read(dll);
    }

    [Fact]
    public void Check_CleanStage_ReportsNothing()
    {
        var graph = Compile("");
        Assert.Empty(graph.ForeignDbSets());
        Assert.Equal(["Data.GhiseuDb -> Cases"], graph.LayersUsingFeatures()); // the stage's own DbSet
        Assert.Empty(graph.CyclicDependencies());
    }

    [Theory]
    [InlineData("public class Peek { public object Look(Ghiseu.Data.GhiseuDb db) => db.Cases; }", "Desk.Peek -> db.Cases of Cases")]
    [InlineData("public class Peek { public object Look(Ghiseu.Data.GhiseuDb db) => db.Set<Ghiseu.Features.Cases.Case>(); }", "Desk.Peek -> db.Set<Case>() of Cases")]
    [InlineData("public class Peek { public System.Func<object> Look(Ghiseu.Data.GhiseuDb db) => () => db.Cases; }", "Desk.Peek -> db.Cases of Cases")]
    public void Check_FeatureUsesAnothersDbSet_IsReported(string desk, string expected)
    {
        var graph = Compile($"namespace Ghiseu.Features.Desk {{ {desk} }}");
        Assert.Equal([expected], graph.ForeignDbSets());
    }

    [Theory]
    [InlineData("Ghiseu.Data", "public class Helper { public Ghiseu.Features.Desk.Inbox? Inbox; }", "Data.Helper -> Desk")]
    [InlineData("Ghiseu.Web.Components", "public class Page { public string Show() => typeof(Ghiseu.Features.Cases.Case).Name; }", "Web.Components.Page -> Cases")]
    public void Check_LayerUsesFeature_IsReported(string ns, string type, string expected)
    {
        var graph = Compile($"namespace {ns} {{ {type} }}");
        Assert.Contains(expected, graph.LayersUsingFeatures());
    }

    [Fact]
    public void Check_TwoFeaturesDependOnEachOther_IsReported()
    {
        var graph = Compile("namespace Ghiseu.Features.Cases { public class Back { public Ghiseu.Features.Desk.Inbox? Inbox; } }");
        Assert.Equal(["Cases -> Desk", "Desk -> Cases"], graph.CyclicDependencies());
    }

    [Fact]
    public void Check_CycleOfThree_ReportsEachEdge()
    {
        var graph = Compile("""
            namespace Ghiseu.Features.Audit { public class Log { public Ghiseu.Features.Desk.Inbox? I; } }
            namespace Ghiseu.Features.Cases { public class Trail { public void Write() => new Ghiseu.Features.Audit.Log().ToString(); } }
            """);
        Assert.Equal(["Audit -> Desk", "Cases -> Audit", "Desk -> Cases"], graph.CyclicDependencies());
    }

    [Fact]
    public void Check_ConstantFromAnotherFeature_CountsThroughTheSource()
    {
        // A const is folded into the caller's IL; only the source still names its feature.
        var graph = Compile("namespace Ghiseu.Features.Cases { public static class Names { public const string Desk = \"desk\"; } }");
        Assert.Empty(graph.CyclicDependencies());
        graph.AddSource("Features/Cases/Names.cs", "using Ghiseu.Features.Desk;\nnamespace Ghiseu.Features.Cases;");
        Assert.Equal(["Cases -> Desk", "Desk -> Cases"], graph.CyclicDependencies());
        graph.AddSource("Web/Menu.cs", "// Features.Portal is only mentioned here\nvar x = Features.Cases.Names.Desk;");
        Assert.Contains("Web.Menu -> Cases", graph.LayersUsingFeatures());
        Assert.DoesNotContain("Web.Menu -> Portal", graph.LayersUsingFeatures());
    }
}
