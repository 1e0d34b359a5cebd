using System.Text.RegularExpressions;
using Mono.Cecil;

namespace Ghiseu.Tests.Architecture;

/// <summary>
/// The dependencies between the areas of a compiled Ghiseu assembly: a feature (the first folder under
/// Features/), Data, Web, Common, or the host. Read from the IL rather than the sources so that Razor
/// pages count like any class; a constant or a nameof, which the compiler folds away, does not count.
/// </summary>
public sealed partial class FeatureGraph
{
    private const string FeaturesPrefix = "Ghiseu.Features.";
    private const string DbSet = "Microsoft.EntityFrameworkCore.DbSet`1";

    /// <summary>Every reference from one area to another: (from area, from type, to area, to type).</summary>
    private readonly HashSet<(string From, string FromType, string To, string ToType)> references = [];

    /// <summary>Every use of a DbSet: (feature, type that uses it, entity type's area, DbSet or entity name).</summary>
    private readonly HashSet<(string Feature, string Type, string Owner, string Set)> dbSetUses = [];

    public static FeatureGraph Read(Stream assembly)
    {
        using var module = ModuleDefinition.ReadModule(assembly);
        var graph = new FeatureGraph();
        foreach (var type in module.Types) graph.Visit(type, type);
        return graph;
    }

    public static FeatureGraph Read(string path)
    {
        using var file = File.OpenRead(path);
        return Read(file);
    }

    /// <summary>
    /// Adds what the IL cannot show: a constant (a role or policy name) or a nameof from another area is
    /// folded into the caller, yet the source still names that area. Each file's <c>using
    /// Ghiseu.Features.X</c> and qualified <c>Features.X.</c> count as a reference to feature X. Migrations
    /// are left out (their model snapshots name every entity in strings).
    /// </summary>
    public FeatureGraph AddSources(string root)
    {
        var features = Directory.GetDirectories(Path.Combine(root, "Features")).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            if (!(relative.EndsWith(".cs", StringComparison.Ordinal) || relative.EndsWith(".razor", StringComparison.Ordinal))
                || relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal)
                || relative.StartsWith("Data/Migrations/", StringComparison.Ordinal)) continue;
            AddSource(relative, File.ReadAllText(file), features);
        }
        return this;
    }

    /// <summary>One source file, named by its path below src/Ghiseu (which gives its area).</summary>
    public FeatureGraph AddSource(string relative, string text, IReadOnlySet<string?>? features = null)
    {
        var parts = relative.Split('/');
        var from = parts switch
        {
            ["Features", var f, _, ..] => f,
            ["Data" or "Web" or "Common", _, ..] => parts[0],
            _ => "Host",
        };
        var fromName = string.Join('.', parts.Skip(parts[0] == "Features" ? 1 : 0).SkipLast(1).Append(Path.GetFileNameWithoutExtension(relative)));
        foreach (Match m in FeatureNamed().Matches(LineComment().Replace(text, "")))
        {
            var to = m.Groups[1].Value;
            if (to != from && features?.Contains(to) != false) references.Add((from, fromName, to, $"Features.{to} named in {relative}"));
        }
        return this;
    }

    [GeneratedRegex(@"(?<![\w.])(?:Ghiseu\.)?Features\.([A-Z]\w*)\b")]
    private static partial Regex FeatureNamed();

    // Plain comments only: a /// <see cref="..."/> is checked by the compiler and is a reference.
    [GeneratedRegex(@"(?<!/)//(?!/).*$", RegexOptions.Multiline)]
    private static partial Regex LineComment();

    /// <summary>Rule (a): a feature reads or writes a table of another feature, through its DbSet.</summary>
    public IReadOnlyList<string> ForeignDbSets() =>
        [.. dbSetUses.Where(u => u.Owner != u.Feature && IsFeature(u.Owner))
            .Select(u => $"{u.Type} -> {u.Set} of {u.Owner}").Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Rule (b): Data/ or Web/ refer to a feature.</summary>
    public IReadOnlyList<string> LayersUsingFeatures() =>
        [.. references.Where(r => r.From is "Data" or "Web" && IsFeature(r.To))
            .Select(r => $"{r.FromType} -> {r.To}").Distinct().Order(StringComparer.Ordinal)];

    /// <summary>
    /// Rule (c): every dependency between two features that closes a cycle (any length), as "A -> B".
    /// An edge is listed when both ends are in one strongly connected component.
    /// </summary>
    public IReadOnlyList<string> CyclicDependencies()
    {
        var edges = FeatureEdges();
        var component = StronglyConnected(edges);
        return [.. edges.Where(e => component[e.From] == component[e.To]).Select(e => $"{e.From} -> {e.To}").Order(StringComparer.Ordinal)];
    }

    /// <summary>Why a feature depends on another: one type of each side, for a failure message.</summary>
    public string Evidence(string from, string to) =>
        references.Where(r => r.From == from && r.To == to).Select(r => $"{r.FromType} uses {r.ToType}")
            .Order(StringComparer.Ordinal).FirstOrDefault() ?? "";

    private List<(string From, string To)> FeatureEdges() =>
        [.. references.Where(r => IsFeature(r.From) && IsFeature(r.To)).Select(r => (r.From, r.To)).Distinct()];

    private static Dictionary<string, int> StronglyConnected(List<(string From, string To)> edges)
    {
        // Tarjan's algorithm; the graph has a few dozen nodes, so recursion is fine.
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToList());
        var nodes = edges.SelectMany(e => new[] { e.From, e.To }).Distinct().Order(StringComparer.Ordinal);
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var component = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var counter = 0;
        void Connect(string v)
        {
            index[v] = low[v] = counter++;
            stack.Push(v);
            foreach (var w in next.GetValueOrDefault(v) ?? [])
            {
                if (!index.TryGetValue(w, out var seen)) { Connect(w); low[v] = Math.Min(low[v], low[w]); }
                else if (!component.ContainsKey(w)) low[v] = Math.Min(low[v], seen);
            }
            if (low[v] != index[v]) return;
            string x;
            do { x = stack.Pop(); component[x] = index[v]; } while (x != v);
        }
        foreach (var n in nodes) if (!index.ContainsKey(n)) Connect(n);
        return component;
    }

    private static bool IsFeature(string area) => area is not ("Data" or "Web" or "Common" or "Host" or "");

    /// <summary>The area of a type: its feature, Data, Web, Common, Host (Program, Features/ itself), or "" outside Ghiseu.</summary>
    public static string AreaOf(TypeReference type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        var ns = type.Namespace;
        if (ns.StartsWith(FeaturesPrefix, StringComparison.Ordinal)) return ns[FeaturesPrefix.Length..].Split('.')[0];
        // The tables of ASP.NET Core Identity (roles, claims, logins) are staff accounts: Identity's.
        if (ns == "Microsoft.AspNetCore.Identity") return "Identity";
        return ns switch
        {
            "Ghiseu.Data" or "Ghiseu.Web" or "Ghiseu.Common" => ns["Ghiseu.".Length..],
            _ when ns.StartsWith("Ghiseu.Data.", StringComparison.Ordinal) => "Data",
            _ when ns.StartsWith("Ghiseu.Web.", StringComparison.Ordinal) => "Web",
            _ when ns.StartsWith("Ghiseu.Common.", StringComparison.Ordinal) => "Common",
            "" when type.Name is "Program" => "Host",
            "Ghiseu" or "Ghiseu.Features" => "Host",
            _ => "",
        };
    }

    /// <summary>A type's name as the baselines write it: namespace below Ghiseu (Features/ left out), outermost type.</summary>
    public static string NameOf(TypeReference type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        var ns = type.Namespace;
        ns = ns.StartsWith(FeaturesPrefix, StringComparison.Ordinal) ? ns[FeaturesPrefix.Length..]
            : ns.StartsWith("Ghiseu.", StringComparison.Ordinal) ? ns["Ghiseu.".Length..] : ns;
        var name = type.Name.Split('`')[0];
        return ns.Length == 0 ? name : $"{ns}.{name}";
    }

    private void Visit(TypeDefinition type, TypeDefinition outer)
    {
        var from = AreaOf(outer);
        var fromName = NameOf(outer);
        void Use(TypeReference? t)
        {
            foreach (var named in Flatten(t))
            {
                var to = AreaOf(named);
                if (to.Length > 0 && to != from) references.Add((from, fromName, to, NameOf(named)));
            }
        }
        void UseMember(MemberReference member)
        {
            Use(member.DeclaringType);
            switch (member)
            {
                case MethodReference m:
                    Use(m.ReturnType);
                    foreach (var p in m.Parameters) Use(p.ParameterType);
                    if (m is GenericInstanceMethod g) foreach (var a in g.GenericArguments) Use(a);
                    NoteDbSet(m);
                    break;
                case FieldReference f: Use(f.FieldType); break;
            }
        }
        void NoteDbSet(MethodReference m)
        {
            var returned = m.ReturnType is GenericInstanceType r && r.ElementType.FullName == DbSet ? r.GenericArguments[0] : null;
            if (returned is null || !IsFeature(from)) return;
            var entity = Substitute(returned, m);
            var owner = AreaOf(entity);
            var set = m.Name.StartsWith("get_", StringComparison.Ordinal) ? $"db.{m.Name[4..]}" : $"db.{m.Name}<{entity.Name}>()";
            dbSetUses.Add((from, fromName, owner, set));
        }

        Use(type.BaseType);
        foreach (var i in type.Interfaces) Use(i.InterfaceType);
        foreach (var a in type.CustomAttributes) UseAttribute(a, Use);
        foreach (var f in type.Fields) { Use(f.FieldType); foreach (var a in f.CustomAttributes) UseAttribute(a, Use); }
        foreach (var p in type.Properties) { Use(p.PropertyType); foreach (var a in p.CustomAttributes) UseAttribute(a, Use); }
        foreach (var e in type.Events) Use(e.EventType);
        foreach (var g in type.GenericParameters) foreach (var c in g.Constraints) Use(c.ConstraintType);
        foreach (var m in type.Methods)
        {
            Use(m.ReturnType);
            foreach (var p in m.Parameters) { Use(p.ParameterType); foreach (var a in p.CustomAttributes) UseAttribute(a, Use); }
            foreach (var a in m.CustomAttributes) UseAttribute(a, Use);
            foreach (var g in m.GenericParameters) foreach (var c in g.Constraints) Use(c.ConstraintType);
            if (!m.HasBody) continue;
            foreach (var v in m.Body.Variables) Use(v.VariableType);
            foreach (var h in m.Body.ExceptionHandlers) Use(h.CatchType);
            foreach (var instruction in m.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t: Use(t); break;
                    case MemberReference member: UseMember(member); break;
                }
            }
        }
        foreach (var nested in type.NestedTypes) Visit(nested, outer);
    }

    private static void UseAttribute(CustomAttribute attribute, Action<TypeReference?> use)
    {
        use(attribute.AttributeType);
        foreach (var arg in attribute.ConstructorArguments.Concat(attribute.Properties.Select(p => p.Argument)).Concat(attribute.Fields.Select(f => f.Argument)))
            if (arg.Value is TypeReference t) use(t);
    }

    /// <summary>The named types inside a reference: generic arguments, array and pointer elements, modifiers.</summary>
    private static IEnumerable<TypeReference> Flatten(TypeReference? type)
    {
        switch (type)
        {
            case null or GenericParameter: yield break;
            case GenericInstanceType g:
                foreach (var t in Flatten(g.ElementType)) yield return t;
                foreach (var a in g.GenericArguments) foreach (var t in Flatten(a)) yield return t;
                yield break;
            case TypeSpecification s:
                foreach (var t in Flatten(s.ElementType)) yield return t;
                yield break;
            default: yield return type; break;
        }
    }

    /// <summary>A DbSet's entity type with the generic parameters of its declaring type or method filled in.</summary>
    private static TypeReference Substitute(TypeReference type, MethodReference method)
    {
        if (type is not GenericParameter p) return type;
        if (p.Type == GenericParameterType.Method && method is GenericInstanceMethod gm) return gm.GenericArguments[p.Position];
        if (p.Type == GenericParameterType.Type && method.DeclaringType is GenericInstanceType gt) return gt.GenericArguments[p.Position];
        return type;
    }
}
