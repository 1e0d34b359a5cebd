using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Ghiseu.Data;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Desk.Pages;
using Ghiseu.Features.Identity;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ghiseu.Tests.Security;

/// <summary>Case changes that were accepted though they should not be: replayed, each must now be refused and change nothing.</summary>
[Collection(ApiCollection.Name)]
public class CaseInputAttackTests(GhiseuFactory app)
{
    private static async Task<string> ProblemType(HttpResponseMessage r) => (await r.Body()).Str("type");

    [Fact]
    public async Task Status_ToTheStatusItHas_409AndNothingLogged()
    {
        var client = await app.Paris();
        var c = await client.CreateCase();
        var id = Guid.Parse(c.Str("id"));
        var entries = await app.Db(db => db.Interactions.CountAsync(i => i.CaseId == id));

        var response = await client.PostAsJsonAsync($"/api/v1/cases/{id}/status", new { status = "new" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.EndsWith("/illegal-transition", await ProblemType(response), StringComparison.Ordinal);
        Assert.Equal(entries, await app.Db(db => db.Interactions.CountAsync(i => i.CaseId == id)));
        Assert.False(await app.Db(db => db.Interactions.AnyAsync(i => i.CaseId == id && i.Body == "new → new")));
    }

    [Fact]
    public async Task Patch_5000Tags_400OnTagsAndNoneStored()
    {
        var client = await app.Paris();
        var c = await client.CreateCase();
        var tags = Enumerable.Range(0, 5000).Select(i => $"t{i}").ToArray();

        var response = await client.PatchAsJsonAsync($"/api/v1/cases/{c.Str("id")}", new { tags });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 20", (await response.Body())["errors"]!["tags"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty((await (await client.GetAsync($"/api/v1/cases/{c.Str("id")}")).Body())["tags"]!.AsArray());
    }

    [Theory]
    [InlineData(21, 5)]
    [InlineData(1, 51)]
    public async Task Create_TooManyOrTooLongTags_400OnTags(int count, int length)
    {
        var client = await app.Paris();
        var response = await client.PostAsJsonAsync("/api/v1/cases", new
        {
            unit = "PAR", category = "information", subject = "Etichete", description = "Prea multe etichete", channel = "walkIn",
            citizen = new { name = "Ana Pop", email = $"tags.{Guid.NewGuid():N}@example.com" },
            tags = Enumerable.Range(0, count).Select(i => $"{i}".PadLeft(length, 'x')).ToArray(),
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Body())["errors"]!["tags"]);
    }

    [Fact]
    public async Task Patch_TwentyTags_Accepted()
    {
        var client = await app.Paris();
        var c = await client.CreateCase();
        var response = await client.PatchAsJsonAsync($"/api/v1/cases/{c.Str("id")}", new { tags = Enumerable.Range(0, 20).Select(i => $"t{i}").ToArray() });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(20, (await response.Body())["tags"]!.AsArray().Count);
    }

    [Fact]
    public async Task BulkTag_CaseWithTwentyTags_RefusedForThatCase()
    {
        var client = await app.Paris();
        var c = await client.CreateCase();
        await client.PatchAsJsonAsync($"/api/v1/cases/{c.Str("id")}", new { tags = Enumerable.Range(0, 20).Select(i => $"t{i}").ToArray() });
        var supervisor = await app.ClientFor(Staff.Supervisor);

        var response = await supervisor.PostAsJsonAsync("/api/v1/desk/bulk", new { cases = new[] { c.Str("id") }, action = "tag", tag = "a-douazeci-si-una" });

        var item = (await response.Body())["results"]![0]!;
        Assert.False(item["ok"]!.GetValue<bool>());
        Assert.Equal(400, item["status"]!.GetValue<int>());
        Assert.Equal(20, (await (await client.GetAsync($"/api/v1/cases/{c.Str("id")}")).Body())["tags"]!.AsArray().Count);
    }

    [Fact]
    public async Task Assign_ToAnAuditorOfTheUnit_400OnAssignee()
    {
        var auditor = await app.CreateStaff(Roles.Auditor, "PAR");
        var client = await app.Paris();
        var c = await client.CreateCase();

        var response = await client.PostAsJsonAsync($"/api/v1/cases/{c.Str("id")}/assign", new { assignee = auditor.Email });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("auditor", (await response.Body())["errors"]!["assignee"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(await app.Db(db => db.Cases.Where(x => x.Id == Guid.Parse(c.Str("id"))).Select(x => x.AssigneeId).FirstAsync()));
    }

    [Fact]
    public async Task Assign_ToAnAgentWithoutAGrantOnTheUnit_400OnAssignee()
    {
        var client = await app.Paris();
        var c = await client.CreateCase();
        var response = await client.PostAsJsonAsync($"/api/v1/cases/{c.Str("id")}/assign", new { assignee = Staff.Madrid });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Body())["errors"]!["assignee"]);
    }

    [Fact]
    public async Task DeskWork_AuditorSignedInToTheDesk_CannotChangeACase()
    {
        var auditor = await app.CreateStaff(Roles.Auditor, "PAR");
        var c = await (await app.Paris()).CreateCase();
        var id = Guid.Parse(c.Str("id"));
        await using var scope = app.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<CircuitIdentity>();
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, auditor.Id.ToString()), new Claim(ClaimTypes.Name, auditor.Email!), new Claim(ClaimTypes.Role, Roles.Auditor)], "test"));
        session.InCircuit = true;
        session.Scope = await scope.ServiceProvider.GetRequiredService<UnitScopeResolver>().ResolveAsync(auditor.Id, false, CancellationToken.None);
        session.AuditActor = new AuditActor(auditor.Id, auditor.Email, "desk");
        session.User = user;
        var desk = scope.ServiceProvider.GetRequiredService<DeskWork>();

        Assert.NotNull(await desk.ReadAsync(sp => sp.GetRequiredService<CaseReader>().FindAsync(id.ToString(), CancellationToken.None))); // the auditor may read it
        var commands = scope.ServiceProvider.GetRequiredService<DeskCommands>();
        var status = await commands.StatusAsync(id, CaseStatus.Resolved, CancellationToken.None);
        var note = await commands.NoteAsync(id, "scris de un auditor", CancellationToken.None);
        var merge = await desk.WriteAsync(_ => Task.FromResult<string?>(null));

        Assert.All([status, note, merge], e => Assert.Contains("only reads", e, StringComparison.Ordinal));
        Assert.Equal(CaseStatus.New, await app.Db(db => db.Cases.Where(x => x.Id == id).Select(x => x.Status).FirstAsync()));
        Assert.False(await app.Db(db => db.Interactions.AnyAsync(i => i.CaseId == id && i.Body == "scris de un auditor")));
        Assert.False(await desk.MayAsync(Roles.CaseWorkPolicy));
    }

    [Fact]
    public async Task DeskWork_AgentSignedInToTheDesk_ChangesTheCase()
    {
        var agent = await app.CreateStaff(Roles.Agent, "PAR");
        var c = await (await app.Paris()).CreateCase();
        var id = Guid.Parse(c.Str("id"));
        await using var scope = app.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<CircuitIdentity>();
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, agent.Id.ToString()), new Claim(ClaimTypes.Name, agent.Email!), new Claim(ClaimTypes.Role, Roles.Agent)], "test"));
        session.InCircuit = true;
        session.Scope = await scope.ServiceProvider.GetRequiredService<UnitScopeResolver>().ResolveAsync(agent.Id, false, CancellationToken.None);
        session.AuditActor = new AuditActor(agent.Id, agent.Email, "desk");
        session.User = user;

        var error = await scope.ServiceProvider.GetRequiredService<DeskCommands>().StatusAsync(id, CaseStatus.Open, CancellationToken.None);

        Assert.Null(error);
        Assert.Equal(CaseStatus.Open, await app.Db(db => db.Cases.Where(x => x.Id == id).Select(x => x.Status).FirstAsync()));
    }
}
