using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ghiseu.Features.Identity;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Desk;

[Collection(ApiCollection.Name)]
public class BulkAndWorkloadTests(GhiseuFactory app)
{
    private async Task<HttpClient> ParisSupervisor() => await app.SignIn((await app.CreateStaff(role: Roles.Supervisor, unit: "PAR")).Email!);

    private static async Task<JsonNode> Bulk(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/v1/desk/bulk", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Body();
    }

    private static Dictionary<string, JsonNode> ByCase(JsonNode body) =>
        body["results"]!.AsArray().ToDictionary(r => r!.Str("case"), r => r!);

    [Fact]
    public async Task Bulk_Assign_DoesInScopeCasesAndReportsOthersAsNotFound()
    {
        var supervisor = await ParisSupervisor();
        var a = await supervisor.CreateCase();
        var b = await supervisor.CreateCase();
        var madrid = await (await app.Madrid()).CreateCase(unit: "MAD");
        var body = await Bulk(supervisor, new
        {
            cases = new[] { a.Str("id"), b.Str("registrationNumber"), madrid.Str("id"), "PAR-1999-000001" },
            action = "assign", assignee = "me",
        });
        Assert.Equal(2, body["succeeded"]!.GetValue<int>());
        var results = ByCase(body);
        Assert.True(results[a.Str("id")]["ok"]!.GetValue<bool>());
        Assert.Equal(404, results[madrid.Str("id")]["status"]!.GetValue<int>());
        Assert.Equal(404, results["PAR-1999-000001"]["status"]!.GetValue<int>());
        var ids = new[] { a.Str("id"), b.Str("id") }.Select(Guid.Parse).ToList();
        var assigned = await app.Db(db => db.Cases.Where(c => ids.Contains(c.Id)).Select(c => c.AssigneeId).Distinct().ToListAsync());
        Assert.Single(assigned);
        Assert.NotNull(assigned[0]);
        var madridId = Guid.Parse(madrid.Str("id"));
        Assert.Null(await app.Db(db => db.Cases.Where(c => c.Id == madridId).Select(c => c.AssigneeId).FirstAsync()));
        var audited = await app.Db(db => db.AuditEntries.CountAsync(e => e.EntityType == "Case" && ids.Select(i => i.ToString()).Contains(e.EntityId!)));
        Assert.True(audited >= 2);
    }

    [Fact]
    public async Task Bulk_AssignToColleague_CaseOutsideTheColleaguesUnitsFailsAloneThenUnassign()
    {
        var boss = await app.CreateStaff(role: Roles.Supervisor, unit: "PAR");
        await app.Db(async db =>
        {
            db.UnitGrants.Add(new UnitGrant { UserId = boss.Id, UnitId = await db.Units.Where(u => u.Code == "MAD").Select(u => u.Id).FirstAsync() });
            return await db.SaveChangesAsync();
        });
        var supervisor = await app.SignIn(boss.Email!);
        var colleague = await app.CreateStaff(unit: "PAR");
        var a = (await supervisor.CreateCase()).Str("id");
        var b = (await supervisor.CreateCase()).Str("id");
        var madrid = (await supervisor.CreateCase(unit: "MAD")).Str("id");

        var body = await Bulk(supervisor, new { cases = new[] { a, madrid, b }, action = "assign", assignee = colleague.Id.ToString() });
        Assert.Equal(2, body["succeeded"]!.GetValue<int>());
        var refused = ByCase(body)[madrid];
        Assert.False(refused["ok"]!.GetValue<bool>());
        Assert.Equal(400, refused["status"]!.GetValue<int>());
        Assert.Equal("validation", refused.Str("code"));
        Assert.Contains("unit", refused.Str("error"), StringComparison.Ordinal);
        var ids = new[] { a, b, madrid }.Select(Guid.Parse).ToList();
        async Task<Dictionary<string, Guid?>> Assignees() =>
            await app.Db(db => db.Cases.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id.ToString(), c => c.AssigneeId));
        var assigned = await Assignees();
        Assert.Equal(colleague.Id, assigned[a]);
        Assert.Equal(colleague.Id, assigned[b]);
        Assert.Null(assigned[madrid]);

        var unassigned = await Bulk(supervisor, new { cases = new[] { a, b }, action = "assign", assignee = (string?)null });
        Assert.Equal(2, unassigned["succeeded"]!.GetValue<int>());
        Assert.All(await Assignees(), kv => Assert.Null(kv.Value));
    }

    [Fact]
    public async Task Bulk_Status_IllegalMoveFailsAloneWithItsReason()
    {
        var supervisor = await ParisSupervisor();
        var open = await supervisor.CreateCase();
        var closed = await supervisor.CreateCase();
        (await supervisor.PostAsJsonAsync($"/api/v1/cases/{closed.Str("id")}/status", new { status = "closed" })).EnsureSuccessStatusCode();
        var results = ByCase(await Bulk(supervisor, new { cases = new[] { open.Str("id"), closed.Str("id") }, action = "status", status = "pendingCitizen" }));
        Assert.True(results[open.Str("id")]["ok"]!.GetValue<bool>());
        Assert.Equal(409, results[closed.Str("id")]["status"]!.GetValue<int>());
        Assert.Equal("illegal-transition", results[closed.Str("id")].Str("code"));
        var reread = await (await supervisor.GetAsync($"/api/v1/cases/{open.Str("id")}")).Body();
        Assert.Equal("pendingCitizen", reread.Str("status"));
    }

    [Fact]
    public async Task Bulk_TagThenUntag_ChangesEveryCase()
    {
        var supervisor = await ParisSupervisor();
        var ids = new[] { (await supervisor.CreateCase()).Str("id"), (await supervisor.CreateCase()).Str("id") };
        var tag = $"t{Guid.NewGuid():N}"[..12];
        Assert.Equal(2, (await Bulk(supervisor, new { cases = ids, action = "tag", tag }))["succeeded"]!.GetValue<int>());
        var tagged = await (await supervisor.GetAsync($"/api/v1/cases?tag={tag}")).Body();
        Assert.Equal(2, tagged["items"]!.AsArray().Count);
        await Bulk(supervisor, new { cases = ids, action = "tag", tag, remove = true });
        Assert.Empty((await (await supervisor.GetAsync($"/api/v1/cases?tag={tag}")).Body())["items"]!.AsArray());
    }

    [Fact]
    public async Task Bulk_AgentOrBadRequest_Refused()
    {
        var agent = await app.Paris();
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/v1/desk/bulk", new { cases = new[] { "x" }, action = "assign" })).StatusCode);
        var supervisor = await ParisSupervisor();
        var bad = await supervisor.PostAsJsonAsync("/api/v1/desk/bulk", new { cases = new[] { "x" }, action = "explode" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotNull((await bad.Body())["errors"]!["action"]);
        var tooMany = await supervisor.PostAsJsonAsync("/api/v1/desk/bulk", new { cases = Enumerable.Range(0, 201).Select(i => $"c{i}"), action = "assign" });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
    }

    [Fact]
    public async Task Workload_CountsOpenCasesPerAgentAndQueue_OnlyInScope()
    {
        var supervisor = await ParisSupervisor();
        var agent = await app.CreateStaff(unit: "PAR");
        var cases = new[] { await supervisor.CreateCase(), await supervisor.CreateCase() };
        await Bulk(supervisor, new { cases = cases.Select(c => c.Str("id")), action = "assign", assignee = agent.Id.ToString() });
        var load = await (await supervisor.GetAsync("/api/v1/desk/workload")).Body();
        var row = load["agents"]!.AsArray().Single(a => a!.Str("id") == agent.Id.ToString())!;
        Assert.Equal(2, row["open"]!.GetValue<int>());
        Assert.All(load["queues"]!.AsArray(), q => Assert.Equal("PAR", q!.Str("unit")));
        Assert.True(load["open"]!.GetValue<int>() >= load["unassigned"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.Paris()).GetAsync("/api/v1/desk/workload")).StatusCode);
    }
}
