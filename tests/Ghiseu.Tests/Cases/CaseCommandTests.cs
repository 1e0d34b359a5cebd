using System.Text.Json.Nodes;
using Ghiseu.Common;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Identity;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ghiseu.Tests.Cases;

/// <summary>The case commands called directly, without HTTP: each typed failure each can return, and a rule as actor.</summary>
[Collection(ApiCollection.Name)]
public sealed class CaseCommandTests(GhiseuFactory app)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>A staff member as the actor, with the unit scope their requests have.</summary>
    private async Task<Actor.Staff> StaffAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<Ghiseu.Data.GhiseuDb>().Users.FirstAsync(u => u.Email == email);
        var units = await scope.ServiceProvider.GetRequiredService<UnitScopeResolver>().ResolveAsync(user.Id, false, Ct);
        return new Actor.Staff(user.Id, user.DisplayName, units);
    }

    /// <summary>One command in its own unit of work, as a job or a channel runs it.</summary>
    private async Task<Outcome<T>> Run<T>(Func<CaseWork, Task<Outcome<T>>> command)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await command(scope.ServiceProvider.GetRequiredService<CaseWork>());
    }

    private async Task<string> CaseAsync(object? citizen = null, string channel = "walkIn") =>
        (await (await app.Paris()).CreateCase(citizen: citizen, channel: channel)).Str("id");

    [Fact]
    public async Task Note_AnotherUnitsCase_NotFound()
    {
        var id = await CaseAsync();
        var madrid = await StaffAsync(Staff.Madrid);

        var outcome = await Run(w => w.NoteAsync(id, "o notă", madrid, null, Ct));

        Assert.IsType<Failure.NotFound>(outcome.Failure);
        Assert.False(await app.Db(db => db.Interactions.AnyAsync(i => i.CaseId == Guid.Parse(id) && i.Body == "o notă")));
    }

    [Fact]
    public async Task PatchAssignRefer_WrongInput_InvalidNamesEachField()
    {
        var id = await CaseAsync();
        var paris = await StaffAsync(Staff.Paris);

        var patch = await Run(w => w.PatchAsync(id, new CasePatch("", null, null, null, null, null, null, null), ["subject", "priority"], paris, null, Ct));
        var assign = await Run(w => w.AssignAsync(id, "nobody@example.com", paris, null, Ct));
        var refer = await Run(w => w.ReferAsync(id, new ReferralRequest(Authority.Other, "motiv"), paris, null, Ct));
        var tags = await Run(w => w.SetTagsAsync(id, [new string('x', 80)], paris, null, Ct));

        Assert.Equal(["subject", "priority"], Assert.IsType<Failure.Invalid>(patch.Failure).Errors.Select(e => e.Field));
        Assert.Equal("assignee", Assert.Single(Assert.IsType<Failure.Invalid>(assign.Failure).Errors).Field);
        Assert.Equal("authorityName", Assert.Single(Assert.IsType<Failure.Invalid>(refer.Failure).Errors).Field);
        Assert.Equal("tags", Assert.Single(Assert.IsType<Failure.Invalid>(tags.Failure).Errors).Field);
    }

    [Fact]
    public async Task Transition_OlderVersion_StaleWithTheCurrentOne()
    {
        var id = await CaseAsync();
        var paris = await StaffAsync(Staff.Paris);
        var version = (await Run(w => w.NoteAsync(id, "prima", paris, null, Ct))).Value!.Version;

        var stale = await Run(w => w.TransitionAsync(id, CaseStatus.Open, null, paris, version - 1, Ct));
        var current = await Run(w => w.TransitionAsync(id, CaseStatus.Open, null, paris, version, Ct));

        Assert.Equal(version, Assert.IsType<Failure.Stale>(stale.Failure).Version);
        Assert.True(current.Succeeded);
        Assert.Equal(CaseStatus.Open, current.Value!.Status);
    }

    [Fact]
    public async Task TransitionLinkMergeMessage_AgainstTheState_Conflict()
    {
        var id = await CaseAsync();
        var other = await CaseAsync();
        var paris = await StaffAsync(Staff.Paris);

        var same = await Run(w => w.TransitionAsync(id, CaseStatus.New, null, paris, null, Ct));
        Assert.True((await Run(w => w.LinkAsync(id, new LinkRequest(other, LinkKind.Related), paris, null, Ct))).Succeeded);
        var twice = await Run(w => w.LinkAsync(id, new LinkRequest(other, LinkKind.Related), paris, null, Ct));
        var itself = await Run(w => w.MergeAsync(id, id, paris, Ct));
        Assert.True((await Run(w => w.TransitionAsync(id, CaseStatus.Closed, null, paris, null, Ct))).Succeeded);
        var closed = await Run(w => w.MessageAsync(id, "răspuns", Channel.Portal, paris, null, Ct));

        Assert.Equal("illegal-transition", Assert.IsType<Failure.Conflict>(same.Failure).Code);
        Assert.Equal("duplicate-link", Assert.IsType<Failure.Conflict>(twice.Failure).Code);
        Assert.Equal("merge-invalid", Assert.IsType<Failure.Conflict>(itself.Failure).Code);
        Assert.Equal("case-closed", Assert.IsType<Failure.Conflict>(closed.Failure).Code);
    }

    [Fact]
    public async Task Message_NoAddressOrPhoneChannel_Refused()
    {
        var id = await CaseAsync(citizen: new { name = "Fără Email", phone = "0721 555 123" });
        var paris = await StaffAsync(Staff.Paris);

        var noContact = await Run(w => w.MessageAsync(id, "răspuns", Channel.Email, paris, null, Ct));
        var phone = await Run(w => w.MessageAsync(id, "răspuns", Channel.Phone, paris, null, Ct));

        Assert.Equal("no-contact", Assert.IsType<Failure.Refused>(noContact.Failure).Code);
        Assert.Equal("channel-unsupported", Assert.IsType<Failure.Refused>(phone.Failure).Code);
        Assert.False(await app.Db(db => db.Interactions.AnyAsync(i => i.CaseId == Guid.Parse(id) && i.Body == "răspuns")));
    }

    [Fact]
    public async Task Note_ByARule_AuthoredByGhiseu_TakeNeedsAStaffMember()
    {
        var id = await CaseAsync();
        var job = new Actor.System("reminders");

        var note = await Run(w => w.NoteAsync(id, "Termenul se apropie.", job, null, Ct));
        var take = await Run(w => w.TakeAsync(id, job, null, Ct));

        Assert.True(note.Succeeded);
        var entry = await app.Db(db => db.Interactions.SingleAsync(i => i.CaseId == Guid.Parse(id) && i.Body == "Termenul se apropie."));
        Assert.Equal("Ghiseu", entry.AuthorName);
        Assert.Null(entry.AuthorStaffId);
        Assert.IsType<Failure.Unauthorized>(take.Failure);
    }

    [Fact]
    public async Task Note_ByACitizen_Unauthorized()
    {
        var id = await CaseAsync();
        var outcome = await Run(w => w.NoteAsync(id, "din portal", new Actor.Citizen(null, "Maria"), null, Ct));
        Assert.IsType<Failure.Unauthorized>(outcome.Failure);
    }

    [Fact]
    public async Task OpenApi_CaseEndpoints_ListEveryResponse()
    {
        var doc = JsonNode.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        string[] Codes(string path, string method) =>
            [.. doc["paths"]![path]![method]!["responses"]!.AsObject().Select(r => r.Key).Order(StringComparer.Ordinal)];

        Assert.Equal(["200", "400", "404", "409", "412"], Codes("/api/v1/cases/{id}/status", "post"));
        Assert.Equal(["200", "400", "404", "409", "412", "422"], Codes("/api/v1/cases/{id}/messages", "post"));
        Assert.Equal(["200", "400", "404", "412"], Codes("/api/v1/cases/{id}", "patch"));
        Assert.Equal(["200", "400", "404", "409"], Codes("/api/v1/cases/{id}/merge", "post"));
    }
}
