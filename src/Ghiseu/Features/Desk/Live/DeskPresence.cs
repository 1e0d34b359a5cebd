using System.Collections.Concurrent;

namespace Ghiseu.Features.Desk.Live;

/// <summary>
/// Who has a case open, and who is typing on it, so colleagues do not answer the same citizen twice.
/// In-process; several nodes would share it over the Redis backplane (see docs/desk.md).
/// </summary>
public sealed class DeskPresence(TimeProvider clock)
{
    private static readonly TimeSpan TypingFor = TimeSpan.FromSeconds(8);

    private sealed record Viewer(string Name, DateTimeOffset TypingUntil);

    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<object, Viewer>> cases = new();

    public event Action<Guid>? Changed;

    public void Enter(Guid caseId, object page, string name)
    {
        cases.GetOrAdd(caseId, _ => new())[page] = new Viewer(name, DateTimeOffset.MinValue);
        Changed?.Invoke(caseId);
    }

    public void Typing(Guid caseId, object page)
    {
        if (!cases.TryGetValue(caseId, out var viewers) || !viewers.TryGetValue(page, out var v)) return;
        var was = v.TypingUntil > clock.GetUtcNow();
        viewers[page] = v with { TypingUntil = clock.GetUtcNow() + TypingFor };
        if (!was) Changed?.Invoke(caseId);
    }

    public void Leave(Guid caseId, object page)
    {
        if (cases.TryGetValue(caseId, out var viewers) && viewers.TryRemove(page, out _)) Changed?.Invoke(caseId);
    }

    /// <summary>The other people on the case, "(typing)" after those writing right now.</summary>
    public List<string> Others(Guid caseId, object me)
    {
        if (!cases.TryGetValue(caseId, out var viewers)) return [];
        var now = clock.GetUtcNow();
        return [.. viewers.Where(v => !ReferenceEquals(v.Key, me)).Select(v => v.Value.TypingUntil > now ? $"{v.Value.Name} ({DeskText.Typing})" : v.Value.Name).Distinct()];
    }
}
