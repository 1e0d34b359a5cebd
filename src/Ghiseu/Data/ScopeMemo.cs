namespace Ghiseu.Data;

/// <summary>
/// Values read once for the life of a scope (one request, one desk action, one batch of email), for
/// lookups that rarely change and that a batch would otherwise repeat once per message.
/// </summary>
public sealed class ScopeMemo<TKey, TValue> where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> known = [];

    /// <param name="key">What is looked up.</param>
    /// <param name="load">Reads the value when this scope has not yet.</param>
    /// <param name="keepMissing">False: a missing value (null) is asked for again next time, as something
    /// created meanwhile (in a long-lived desk session) must be found.</param>
    public async Task<TValue> GetAsync(TKey key, Func<TKey, Task<TValue>> load, bool keepMissing = true)
    {
        if (known.TryGetValue(key, out var value)) return value;
        value = await load(key);
        if (value is not null || keepMissing) known[key] = value;
        return value;
    }
}
