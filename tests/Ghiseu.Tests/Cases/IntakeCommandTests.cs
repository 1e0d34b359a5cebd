using Ghiseu.Common;
using Ghiseu.Data;
using Ghiseu.Features.Cases;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ghiseu.Tests.Cases;

/// <summary>Opening a case and a citizen's message as commands, without HTTP: each actor, each failure, the unit of work.</summary>
[Collection(ApiCollection.Name)]
public class IntakeCommandTests(GhiseuFactory app)
{
    private static CreateCaseRequest Request(string unit = "PAR", Channel channel = Channel.Sms) => new(unit, "information", $"Test {Guid.NewGuid():N}",
        "O întrebare despre programul consulatului.", channel, new CitizenInput("Maria Ionescu", $"maria.{Guid.NewGuid():N}@example.com"));

    private async Task<T> InScope<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private Task<Guid> UnitId(string code) => app.Db(db => db.Units.Where(u => u.Code == code).Select(u => u.Id).FirstAsync());

    [Fact]
    public async Task Staff_CannotOpenACaseOutsideTheirUnits_TheSystemCanAnywhere()
    {
        var paris = await UnitId("PAR");
        var agent = new Actor.Staff(Guid.NewGuid(), "agent", new AccessScope(false, [paris]));
        var refused = await InScope(sp => sp.GetRequiredService<CaseIntake>().CreateAsync(Request("MAD"), agent, CancellationToken.None));
        var invalid = Assert.IsType<Failure.Invalid>(refused.Failure);
        Assert.Equal("unit", Assert.Single(invalid.Errors).Field);

        var opened = await InScope(sp => sp.GetRequiredService<CaseIntake>().CreateAsync(Request("MAD"), new Actor.System("test"), CancellationToken.None));
        Assert.True(opened.Succeeded);
        Assert.StartsWith("MAD-", opened.Value!.Case.RegistrationNumber);
        Assert.Equal(InteractionKind.Sms, opened.Value.First.Kind);
    }

    [Fact]
    public async Task InvalidRequest_ReportsEveryFieldAtOnce_WithTheChannelsOwn()
    {
        var bad = Request() with { Citizen = new CitizenInput("", "not-an-address"), Tags = [new string('x', 200)] };
        var outcome = await InScope(sp => sp.GetRequiredService<CaseIntake>().PrepareAsync(bad, new Actor.Citizen(null, ""), CancellationToken.None,
            alsoWrong: [new FieldError("files", "A scan is required.")]));
        var fields = Assert.IsType<Failure.Invalid>(outcome.Failure).Errors.Select(e => e.Field).ToHashSet();
        Assert.Superset(new HashSet<string> { "files", "citizen.name", "citizen.email", "tags" }, fields);
    }

    [Fact]
    public async Task ChannelWork_CommitsWithTheCase_AndAnAbandonedOneLeavesNoTraceNorGap()
    {
        var (kept, abandonedNumber) = await InScope(async sp =>
        {
            var intake = sp.GetRequiredService<CaseIntake>();
            var db = sp.GetRequiredService<GhiseuDb>();
            var abandoned = (await intake.PrepareAsync(Request(), new Actor.System("test"), CancellationToken.None)).Value!;
            await using (await intake.BeginAsync(abandoned, CancellationToken.None)) { } // disposed without a commit
            db.ChangeTracker.Clear();

            var draft = (await intake.PrepareAsync(Request(), new Actor.System("test"), CancellationToken.None)).Value!;
            var note = new Interaction { CaseId = draft.Case.Id, UnitId = draft.Case.UnitId, Kind = InteractionKind.Note, Direction = Direction.Internal, Body = "the channel's own row", At = DateTimeOffset.UtcNow };
            db.Interactions.Add(note);
            await using var work = await intake.BeginAsync(draft, CancellationToken.None);
            await work.CommitAsync(CancellationToken.None);
            return (draft.Case, abandoned.Case.RegistrationNumber);
        });
        Assert.Equal(2, await app.Db(db => db.Interactions.CountAsync(i => i.CaseId == kept.Id)));
        // The rolled-back number was given again (to this case, or one another test opened meanwhile): no gap.
        Assert.Equal(1, await app.Db(db => db.Cases.CountAsync(c => c.RegistrationNumber == abandonedNumber)));
    }

    private async Task<Case> OpenAsync(CaseStatus status)
    {
        var opened = await InScope(sp => sp.GetRequiredService<CaseIntake>().CreateAsync(Request(), new Actor.System("test"), CancellationToken.None));
        var id = opened.Value!.Case.Id;
        await app.Db(async db =>
        {
            var c = await db.Cases.FirstAsync(x => x.Id == id);
            foreach (var step in status switch
            {
                CaseStatus.PendingCitizen => new[] { CaseStatus.Open, CaseStatus.PendingCitizen },
                CaseStatus.Resolved => [CaseStatus.Open, CaseStatus.Resolved],
                CaseStatus.Closed => [CaseStatus.Open, CaseStatus.Resolved, CaseStatus.Closed],
                _ => [],
            }) c.TransitionTo(step, DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync();
        });
        return opened.Value.Case;
    }

    private Task<Outcome<Interaction>> WriteAsync(Guid caseId, InboundMessage message) => InScope(async sp =>
    {
        var db = sp.GetRequiredService<GhiseuDb>();
        var c = await db.Cases.FirstAsync(x => x.Id == caseId);
        var added = sp.GetRequiredService<CitizenMessages>().Add(c, message, new Actor.Citizen(c.CitizenId, "Maria Ionescu"));
        if (added.Succeeded) await db.SaveChangesAsync();
        return added;
    });

    [Theory]
    [InlineData(CaseStatus.PendingCitizen, CaseStatus.Open)]
    [InlineData(CaseStatus.Resolved, CaseStatus.Open)]
    [InlineData(CaseStatus.New, CaseStatus.New)]
    public async Task CitizenWritesBack_OnAnyChannel_TheCaseGoesBackToWork(CaseStatus before, CaseStatus after)
    {
        var c = await OpenAsync(before);
        var added = await WriteAsync(c.Id, new InboundMessage(Channel.Chat, "Mai am o întrebare."));
        Assert.Equal((InteractionKind.Chat, "Maria Ionescu", true), (added.Value!.Kind, added.Value.AuthorName, added.Value.Public));
        Assert.Equal(after, await app.Db(db => db.Cases.Where(x => x.Id == c.Id).Select(x => x.Status).FirstAsync()));
    }

    [Fact]
    public async Task AutomaticMessage_JoinsQuietly_AndAClosedCaseRefusesMessages()
    {
        var pending = await OpenAsync(CaseStatus.PendingCitizen);
        Assert.True((await WriteAsync(pending.Id, new InboundMessage(Channel.Email, "Out of office") { Quiet = true })).Succeeded);
        Assert.Equal(CaseStatus.PendingCitizen, await app.Db(db => db.Cases.Where(x => x.Id == pending.Id).Select(x => x.Status).FirstAsync()));

        var closed = await OpenAsync(CaseStatus.Closed);
        var refused = await WriteAsync(closed.Id, new InboundMessage(Channel.Sms, "Alo?"));
        Assert.Equal("case-closed", Assert.IsType<Failure.Conflict>(refused.Failure).Code);
        Assert.Equal(1, await app.Db(db => db.Interactions.CountAsync(i => i.CaseId == closed.Id && i.Direction == Direction.Inbound)));
    }
}
