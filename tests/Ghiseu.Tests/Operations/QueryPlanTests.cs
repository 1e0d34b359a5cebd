using Ghiseu.Features.Channels.Email;
using Ghiseu.Features.Citizens;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Ghiseu.Tests.Infrastructure.QueryPlans;

namespace Ghiseu.Tests.Operations;

/// <summary>
/// Lookups made for every message, call and request must read by index: with millions of citizens and
/// cases, a query that tests each row in turn grows with the table. Two of them did, and cost a
/// millisecond or more per email at three thousand citizens and messages.
/// </summary>
[Collection(ApiCollection.Name)]
public class QueryPlanTests(GhiseuFactory app)
{
    [Fact]
    public async Task CitizenMatchByEmail_ReadsCitizensByKey_NotEveryCitizen()
    {
        var plan = await app.Db(db => PlanAsync(db, ContactPoint.Holders(db, ContactKind.Email, "maria@example.ro")));
        Assert.True(TableScans(plan).Count == 0, string.Join('\n', plan.Select(s => s.Detail)));
        plan = await app.Db(db => PlanAsync(db, new CitizenDirectory(db, TimeProvider.System).ById(Guid.NewGuid())));
        Assert.True(TableScans(plan).Count == 0, string.Join('\n', plan.Select(s => s.Detail)));
    }

    /// <summary>
    /// PostgreSQL keeps the plan a prepared statement got while the tables were empty (a new
    /// installation) until the next ANALYZE. The match joined in one query then read every citizen
    /// once they filled up: 3 ms per email at 2,000 citizens.
    /// </summary>
    [Fact]
    public async Task CitizenMatchByEmail_PreparedWhileTheTablesWereEmpty_StillReadsByKey()
    {
        var plan = await app.Db(db => PlanAsync(db, ContactPoint.Holders(db, ContactKind.Email, "maria@example.ro"), "Citizens", "ContactPoints"));
        Assert.True(TableScans(plan).Count == 0, string.Join('\n', plan.Select(s => s.Detail)));
        plan = await app.Db(db => PlanAsync(db, new CitizenDirectory(db, TimeProvider.System).ById(Guid.NewGuid()), "Citizens", "ContactPoints"));
        Assert.True(TableScans(plan).Count == 0, string.Join('\n', plan.Select(s => s.Detail)));
        plan = await app.Db(db => PlanAsync(db, OutgoingThreading.FirstRecipients(db, Guid.NewGuid()).Take(1), "InboundEmails"));
        Assert.True(TableScans(plan).Count == 0, string.Join('\n', plan.Select(s => s.Detail)));
    }

    [Fact]
    public async Task CasesByCitizenPhone_ReadCasesByCitizen_NotEveryCase()
    {
        var plan = await app.Db(db => PlanAsync(db,
            db.Cases.IgnoreQueryFilters().Where(c => ContactPoint.Holders(db, ContactKind.Phone, "+40721234567").Contains(c.CitizenId))));
        Assert.True(TableScans(plan).Count == 0, string.Join('\n', plan.Select(s => s.Detail)));
    }

    [Fact]
    public async Task ReplyAddress_ReadsTheCasesMessagesByIndex_NotEveryMessage()
    {
        var plan = await app.Db(db => PlanAsync(db, OutgoingThreading.FirstRecipients(db, Guid.NewGuid()).Take(1)));
        Assert.True(TableScans(plan).Count == 0, string.Join('\n', plan.Select(s => s.Detail)));
    }

    /// <summary>The recent auto-replies of a batch's senders, counted once per batch, also by index on a new installation.</summary>
    [Fact]
    public async Task AutoRepliesOfABatchsSenders_ReadBySenderIndex_EvenPreparedOnAnEmptyTable()
    {
        List<string> senders = ["a@example.ro", "b@example.ro"];
        var plan = await app.Db(db => PlanAsync(db, EmailProcessor.RecentReplies(db, senders, DateTimeOffset.UtcNow)));
        Assert.True(TableScans(plan).Count == 0, string.Join('\n', plan.Select(s => s.Detail)));
        plan = await app.Db(db => PlanAsync(db, EmailProcessor.RecentReplies(db, senders, DateTimeOffset.UtcNow), "InboundEmails"));
        Assert.True(TableScans(plan).Count == 0, string.Join('\n', plan.Select(s => s.Detail)));
    }
}
