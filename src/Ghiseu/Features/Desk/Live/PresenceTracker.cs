using System.Collections.Concurrent;

namespace Ghiseu.Features.Desk.Live;

/// <summary>
/// Who views which case, in this process. With several nodes each knows its own connections only;
/// the Redis backplane carries the messages, not this state (see docs/desk.md).
/// </summary>
public sealed class PresenceTracker
{
    private sealed record Viewer(Guid UserId, string Name, bool Typing);

    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<string, Viewer>> cases = new();

    public void Enter(Guid caseId, string connectionId, Guid userId, string name) =>
        cases.GetOrAdd(caseId, _ => new())[connectionId] = new Viewer(userId, name, false);

    public bool Leave(Guid caseId, string connectionId)
    {
        if (!cases.TryGetValue(caseId, out var viewers) || !viewers.TryRemove(connectionId, out _)) return false;
        if (viewers.IsEmpty) cases.TryRemove(KeyValuePair.Create(caseId, viewers));
        return true;
    }

    public bool SetTyping(Guid caseId, string connectionId, bool typing)
    {
        if (!cases.TryGetValue(caseId, out var viewers) || !viewers.TryGetValue(connectionId, out var v)) return false;
        viewers[connectionId] = v with { Typing = typing };
        return true;
    }

    /// <summary>Removes a closed connection everywhere; returns the cases it was on.</summary>
    public List<Guid> LeaveAll(string connectionId) => [.. cases.Keys.Where(id => Leave(id, connectionId))];

    /// <summary>One entry per person (several tabs of one person count once; typing in any of them counts).</summary>
    public IReadOnlyList<PresenceEntry> On(Guid caseId) =>
        cases.TryGetValue(caseId, out var viewers)
            ? [.. viewers.Values.GroupBy(v => v.UserId).Select(g => new PresenceEntry(g.Key, g.First().Name, g.Any(v => v.Typing)))]
            : [];
}
