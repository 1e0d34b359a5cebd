using Ghiseu.Data;

namespace Ghiseu.Features.Audit;

/// <summary>
/// What the trail needs to know about other features' entities: which are bookkeeping rather than
/// someone's change, and the unit whose auditors may see an entry. The audit feature knows no other
/// feature; the host tells it (see Features/AuditedEntities) through
/// <c>Configure&lt;AuditRules&gt;</c>. An entity no rule names is audited, visible to every auditor.
/// </summary>
public sealed class AuditRules
{
    private readonly Dictionary<Type, Func<object, AuditActor, bool>> audited = [];
    private readonly Dictionary<Type, Func<object, IReadOnlyList<object>, Guid?>> units = [];

    /// <summary>Leaves <typeparamref name="T"/> out of the trail, or only when <paramref name="when"/> says so.</summary>
    public AuditRules Skip<T>(Func<T, AuditActor, bool>? when = null)
    {
        audited[typeof(T)] = when is null ? (_, _) => false : (e, who) => !when((T)e, who);
        return this;
    }

    /// <summary>The unit of an entry about <typeparamref name="T"/>, from the entity or the others saved with it.</summary>
    public AuditRules UnitOf<T>(Func<T, IReadOnlyList<object>, Guid?> unit)
    {
        units[typeof(T)] = (e, saved) => unit((T)e, saved);
        return this;
    }

    internal bool Audited(object entity, AuditActor who) => Find(audited, entity.GetType()) is not { } rule || rule(entity, who);

    internal Guid? UnitOf(object entity, IReadOnlyList<object> saved) => Find(units, entity.GetType())?.Invoke(entity, saved);

    // By the entity's class or a base class, as a type pattern would match.
    private static TRule? Find<TRule>(Dictionary<Type, TRule> rules, Type? type) where TRule : class
    {
        for (; type is not null; type = type.BaseType)
            if (rules.TryGetValue(type, out var rule)) return rule;
        return null;
    }
}
