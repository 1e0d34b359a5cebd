using System.Globalization;
using System.Text;

namespace Ghiseu.Bench.Desk;

/// <summary>One generated case, already in the shape the Cases table stores.</summary>
public sealed record GeneratedCase(Guid Id, string Number, string Tracking, Guid UnitId, Guid QueueId, Guid CategoryId, Guid CitizenId,
    Guid? AssigneeId, string Subject, string Description, int Channel, int Priority, int Status, DateTimeOffset Created,
    DateTimeOffset Updated, DateTimeOffset? FirstRespondedAt, DateTimeOffset? ResolvedAt, DateTimeOffset? ClosedAt,
    string SearchText, string MessageText);

/// <summary>
/// Deterministic cases with a realistic mix: most of them closed, open ones recent, texts of pseudo-words
/// with a Zipf-like spread, and the measured search terms planted at known rates.
/// </summary>
public sealed class CaseGenerator(BenchOrg org, int count, DateTimeOffset now)
{
    /// <summary>The measured terms: how many cases each is in, roughly.</summary>
    public const string VeryCommon = "cerere";   // 40 %
    public const string Common = "pasaport";     // 1 %
    public const string Medium = "procura";      // 0.1 %
    public static string Rare(int n) => $"zq{n:D6}";  // about 4 cases each

    // No syllable starts with c or p and none is "zq": pseudo-words never share a prefix with the terms.
    private static readonly string[] Syllables = ["lu", "mo", "ta", "vi", "zo", "ne", "ga", "fi", "du", "sa", "ri", "bo", "ke", "ma", "tu", "li", "no", "da", "go", "mi"];
    private readonly string[] vocabulary = MakeVocabulary();
    private readonly Dictionary<(Guid, int), int> sequences = [];

    public int RareSpace => Math.Max(1, count / 4);

    private static string[] MakeVocabulary()
    {
        var rng = new Random(7);
        var words = new HashSet<string>();
        while (words.Count < 3000)
            words.Add(string.Concat(Enumerable.Range(0, rng.Next(2, 5)).Select(_ => Syllables[rng.Next(Syllables.Length)])));
        return [.. words];
    }

    public IEnumerable<GeneratedCase> Generate()
    {
        var rng = new Random(42);
        var start = now.AddYears(-3);
        var span = (now - start).Ticks;
        for (var i = 0; i < count; i++)
        {
            var created = start.AddTicks(span / count * i + rng.NextInt64(span / count));
            var unit = rng.Next(org.Units.Count);
            var recent = now - created < TimeSpan.FromDays(90);
            var status = rng.NextDouble() < (recent ? 0.6 : 0.03) ? rng.Next(4) : 4 + (rng.NextDouble() < 0.8 ? 1 : 0);
            var p = rng.NextDouble();
            var priority = p < 0.3 ? 0 : p < 0.85 ? 1 : p < 0.95 ? 2 : p < 0.99 ? 3 : 4;
            var staff = org.Staff[unit];
            Guid? assignee = status == 0 || (status < 4 && rng.NextDouble() < 0.3) ? null : staff[rng.Next(staff.Count)];
            var updated = created.AddMinutes(rng.Next(0, 14 * 24 * 60));
            if (updated > now) updated = now;
            var year = created.Year;
            var key = (org.Units[unit], year);
            var seq = sequences[key] = sequences.GetValueOrDefault(key) + 1;
            var number = $"U{unit + 1:D2}-{year}-{seq:D6}";
            var subject = Words(rng, 5);
            var description = new StringBuilder(Words(rng, 25));
            var message = rng.NextDouble() < 0.5 ? new StringBuilder(Words(rng, 20)) : new StringBuilder();
            void Plant(string word) => (rng.Next(3) switch { 0 => description, 1 => message, _ => description }).Append(' ').Append(word);
            if (rng.NextDouble() < 0.40) Plant(VeryCommon);
            if (rng.NextDouble() < 0.01) Plant(Common);
            if (rng.NextDouble() < 0.001) Plant(Medium);
            Plant(Rare(rng.Next(RareSpace)));
            var text = $"{number.ToLowerInvariant()} {subject} {description}";
            yield return new GeneratedCase(Guid.CreateVersion7(created), number, Tracking(i), org.Units[unit], org.Queues[unit][rng.Next(org.Queues[unit].Count)],
                org.Categories[rng.Next(org.Categories.Count)], org.Citizens[rng.Next(org.Citizens.Count)], assignee,
                subject, description.ToString().Trim(), rng.Next(10), priority, status, created, updated,
                status == 0 ? null : created.AddHours(20), status >= 4 ? updated : null, status == 5 ? updated : null,
                text, message.ToString().Trim());
        }
    }

    private string Words(Random rng, int n)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < n; i++)
        {
            // Squaring a uniform number skews the pick towards the start of the list: a few words are frequent.
            var u = rng.NextDouble();
            if (i > 0) sb.Append(' ');
            sb.Append(vocabulary[(int)(u * u * u * vocabulary.Length)]);
        }
        return sb.ToString();
    }

    private static string Tracking(int i)
    {
        const string alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
        var chars = new char[12];
        long v = i + 1_000_003L;
        for (var k = 11; k >= 0; k--) { chars[k] = alphabet[(int)(v % alphabet.Length)]; v /= alphabet.Length; }
        return new string(chars);
    }

    public static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
