using System.Net;
using System.Net.Http.Json;
using Ghiseu.Features.Citizens;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Ghiseu.Tests.Citizens.SuggestionFiling;

namespace Ghiseu.Tests.Citizens;

[Collection(ApiCollection.Name)]
public class MatchSuggestionTests(GhiseuFactory app)
{
    [Fact]
    public async Task SamePhoneUnverified_Suggestion_ListedWithEvidenceNamesAndCases()
    {
        var phone = NewPhone();
        var (_, first) = await app.FileAsync("Maria Ionescu", NewEmail(), phone);
        var (_, second) = await app.FileAsync("Maria I.", NewEmail(), phone);
        var paris = await app.Paris();

        var list = await paris.OpenOfAsync(second);

        var s = Assert.Single(list)!;
        Assert.Equal("open", s.Str("state"));
        Assert.Equal(second.ToString(), s["newCitizen"]!.Str("id"));
        Assert.Equal(first.ToString(), s["existingCitizen"]!.Str("id"));
        Assert.Equal("Maria Ionescu", s["existingCitizen"]!.Str("name"));
        Assert.Equal(1, s["existingCitizen"]!["cases"]!.GetValue<int>());
        var evidence = Assert.Single(s["evidence"]!.AsArray())!;
        Assert.Equal(("phone", phone), (evidence.Str("key"), evidence.Str("value")));
        // The same suggestion from the other side.
        Assert.Equal(s.Str("id"), Assert.Single(await paris.OpenOfAsync(first))!.Str("id"));
    }

    [Fact]
    public async Task Confirm_BySupervisor_MergesTheNewRecord_ItsCaseMoves_PointsStayUnverified()
    {
        var (phone, email) = (NewPhone(), NewEmail());
        var (firstCase, first) = await app.FileAsync("Dan Pop", NewEmail(), phone);
        var (secondCase, second) = await app.FileAsync("Dan Pop", email, phone);
        var boss = await app.ClientFor(Staff.Supervisor);
        var id = Assert.Single(await boss.OpenOfAsync(second))!.Str("id");

        var response = await boss.PostAsync($"/api/v1/citizens/suggestions/{id}/confirm", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Body();
        Assert.Equal("confirmed", body.Str("state"));
        Assert.Equal(2, body["existingCitizen"]!["cases"]!.GetValue<int>());
        Assert.Equal(first, await app.Db(db => db.Cases.Where(c => c.Id == secondCase).Select(c => c.CitizenId).FirstAsync()));
        Assert.Equal(first, await app.Db(db => db.Cases.Where(c => c.Id == firstCase).Select(c => c.CitizenId).FirstAsync()));
        Assert.Equal(first, await app.Db(db => db.Citizens.Where(c => c.Id == second).Select(c => c.MergedIntoId).FirstAsync()));
        var moved = await app.Db(db => db.ContactPoints.FirstAsync(p => p.CitizenId == first && p.Value == email));
        Assert.Null(moved.VerifiedAt);
        Assert.Equal(ContactSource.Portal, moved.Source);
        Assert.Empty(await boss.OpenOfAsync(first));

        var again = await boss.PostAsync($"/api/v1/citizens/suggestions/{id}/confirm", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("https://ghiseu.ro/problems/decided", (await again.Body()).Str("type"));
        Assert.Equal(HttpStatusCode.Conflict, (await boss.PostAsync($"/api/v1/citizens/suggestions/{id}/reject", null)).StatusCode);
        var read = await boss.GetAsync($"/api/v1/citizens/suggestions/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(Staff.Supervisor, (await read.Body()).Str("decidedBy"));
    }

    [Fact]
    public async Task Reject_ByCaseWorker_IsRemembered_AMergeDoesNotRaiseThePairAgain()
    {
        var phone = NewPhone();
        var (_, a) = await app.FileAsync("Ana Vasile", NewEmail(), phone);
        var (_, b) = await app.FileAsync("Bogdan Stan", NewEmail(), phone);
        var paris = await app.Paris();
        var id = Assert.Single(await paris.OpenOfAsync(b))!.Str("id");
        // Agents may keep records apart, not merge them.
        Assert.Equal(HttpStatusCode.Forbidden, (await paris.PostAsync($"/api/v1/citizens/suggestions/{id}/confirm", null)).StatusCode);

        var rejected = await paris.PostAsync($"/api/v1/citizens/suggestions/{id}/reject", null);
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal("rejected", (await rejected.Body()).Str("state"));
        Assert.Empty(await paris.OpenOfAsync(a));

        // A third record with the phone is suggested against both; merging it into Bogdan's record
        // would turn its suggestion against Ana's into Bogdan–Ana again, which staff rejected.
        var (_, c) = await app.FileAsync("Bogdan Stan", NewEmail(), phone);
        var open = await paris.OpenOfAsync(c);
        Assert.Equal(2, open.Count);
        var withB = open.Single(s => s!["existingCitizen"]!.Str("id") == b.ToString())!.Str("id");
        var boss = await app.ClientFor(Staff.Supervisor);
        Assert.Equal(HttpStatusCode.OK, (await boss.PostAsync($"/api/v1/citizens/suggestions/{withB}/confirm", null)).StatusCode);

        var pair = Assert.Single(await app.PairAsync(a, b));
        Assert.Equal(SuggestionState.Rejected, pair.State);
        Assert.Empty(await paris.OpenOfAsync(a));
        Assert.Empty(await app.PairAsync(a, c));
    }

    [Fact]
    public async Task ManyRecordsHoldTheKey_NewRecord_GetsAtMostThreeSuggestions_StrongestFirst()
    {
        var (email, phone) = (NewEmail(), NewPhone());
        var (_, strongest) = await app.FileAsync("Ion Gheorghe", email, phone);
        for (var i = 0; i < 4; i++) await app.FileAsync("Ion Gheorghe", email, null);
        var (_, last) = await app.FileAsync("Ion Gheorghe", email, phone);

        var raised = await app.Db(db => db.CitizenMatchSuggestions.Where(s => s.NewCitizenId == last).ToListAsync());

        Assert.Equal(MatchCandidates.MaxPerCitizen, raised.Count);
        Assert.Contains(raised, s => s.ExistingCitizenId == strongest && s.SameEmail == email && s.SamePhone == phone);
    }

    [Fact]
    public async Task VerifiedPoint_Joins_RaisesNothing()
    {
        var email = NewEmail();
        var (_, first) = await app.FileAsync("Elena Rusu", email, null);
        var paris = await app.Paris();
        Assert.Equal(HttpStatusCode.OK, (await paris.PostAsJsonAsync($"/api/v1/citizens/{first}/verify", new { kind = "email", value = email })).StatusCode);

        var (_, again) = await app.FileAsync("Elena Rusu", email, NewPhone());

        Assert.Equal(first, again);
        Assert.Equal(0, await app.Db(db => db.CitizenMatchSuggestions.CountAsync(s => s.NewCitizenId == first || s.ExistingCitizenId == first)));
    }

    [Fact]
    public async Task List_LimitOutOfRange_400_UnknownSuggestion_404()
    {
        var paris = await app.Paris();
        Assert.Equal(HttpStatusCode.BadRequest, (await paris.GetAsync("/api/v1/citizens/suggestions?limit=0")).StatusCode);
        var missing = await paris.PostAsync($"/api/v1/citizens/suggestions/{Guid.NewGuid()}/reject", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public void Decide_Twice_Throws_MoveTo_ChangesVersion()
    {
        var s = new CitizenMatchSuggestion { NewCitizenId = Guid.NewGuid(), ExistingCitizenId = Guid.NewGuid() };
        var into = Guid.NewGuid();
        s.MoveTo(s.NewCitizenId, into);
        Assert.Equal((into, 1), (s.NewCitizenId, s.Version));
        s.Decide(samePerson: false, null, "x", DateTimeOffset.UnixEpoch);
        Assert.Equal(SuggestionState.Rejected, s.State);
        Assert.Throws<InvalidOperationException>(() => s.Decide(samePerson: true, null, "y", DateTimeOffset.UnixEpoch));
    }
}
