using Microsoft.Extensions.DependencyInjection;
using Ghiseu.Data;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Desk;

namespace Ghiseu.Bench.Desk;

/// <summary>One measured request: what the desk endpoint does after authentication, minus HTTP and its audit row.</summary>
public sealed record Scenario(string Name, Guid[] Units, Guid Me, string View, CaseQuery Query, bool Counts = false);

public static class DeskScenarios
{
    public static List<Scenario> For(BenchOrg org, int rare)
    {
        Guid[] agentUnits = [org.Units[0]];
        var agent = org.Staff[0][0];
        var supervisor = org.SupervisorUnits;
        var boss = org.Staff[0][1];
        CaseQuery Q(string? q = null) => new(Q: q);
        return
        [
            new("first page, all, 1 unit", agentUnits, agent, InboxViews.All, Q()),
            new("first page, all, 10 units", supervisor, boss, InboxViews.All, Q()),
            new("first page, all, 10 units, by updated", supervisor, boss, InboxViews.All, new CaseQuery(Sort: "-updatedAt")),
            new("my open, 1 unit", agentUnits, agent, InboxViews.Mine, Q()),
            new("unassigned, 10 units", supervisor, boss, InboxViews.Unassigned, Q()),
            new("due soon / overdue, 10 units", supervisor, boss, InboxViews.Due, Q()),
            new("filtered: open+new, high+urgent, one category, 10 units", supervisor, boss, InboxViews.All,
                new CaseQuery(Status: "new,open", Priority: "high,urgent", Category: "cat3")),
            new("filtered: channel, created in the last 30 days, 10 units", supervisor, boss, InboxViews.All,
                new CaseQuery(Channel: "email", CreatedFrom: DateTimeOffset.UtcNow.AddDays(-30))),
            new("counts of the 6 views, 1 unit", agentUnits, agent, "", Q(), Counts: true),
            new("counts of the 6 views, 10 units", supervisor, boss, "", Q(), Counts: true),
            new($"search rare ({CaseGenerator.Rare(rare)}), 10 units", supervisor, boss, InboxViews.All, Q(CaseGenerator.Rare(rare))),
            new($"search medium ({CaseGenerator.Medium}, 0.1 %), 10 units", supervisor, boss, InboxViews.All, Q(CaseGenerator.Medium)),
            new($"search common ({CaseGenerator.Common}, 1 %), 10 units", supervisor, boss, InboxViews.All, Q(CaseGenerator.Common)),
            new($"search common ({CaseGenerator.Common}, 1 %), 1 unit", agentUnits, agent, InboxViews.All, Q(CaseGenerator.Common)),
            new($"search very common ({CaseGenerator.VeryCommon}, 40 %), 10 units", supervisor, boss, InboxViews.All, Q(CaseGenerator.VeryCommon)),
            new($"search very common ({CaseGenerator.VeryCommon}, 40 %), 1 unit", agentUnits, agent, InboxViews.All, Q(CaseGenerator.VeryCommon)),
            new("search two words (common + very common), 10 units", supervisor, boss, InboxViews.All, Q($"{CaseGenerator.Common} {CaseGenerator.VeryCommon}")),
            new("search rare + open filter, 1 unit", agentUnits, agent, InboxViews.All, new CaseQuery(Q: CaseGenerator.Rare(rare + 1), Status: "new,open")),
            new("registration number, 10 units", supervisor, boss, InboxViews.All, Q("U01-2025-000100")),
        ];
    }

    /// <summary>Runs one scenario in a fresh scope, as a request would; returns the rows it shaped.</summary>
    public static async Task<int> RunAsync(IServiceProvider root, Scenario s, CancellationToken ct)
    {
        await using var scope = root.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        sp.GetRequiredService<GhiseuDb>().Scope = new AccessScope(false, s.Units);
        var inbox = sp.GetRequiredService<DeskInbox>();
        if (s.Counts)
        {
            var (counts, errors) = await inbox.CountsAsync(s.Query, s.Me, ct);
            return counts?.Sum(c => c.Count) ?? throw new InvalidOperationException(string.Join("; ", errors));
        }
        var (items, _, errs) = await inbox.PageAsync(s.View, s.Query, s.Me, ct);
        if (items is null) throw new InvalidOperationException(string.Join("; ", errs));
        var dtos = await sp.GetRequiredService<CaseReader>().ToDtosAsync(items, ct);
        return dtos.Count;
    }
}
