using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Ghiseu.Tests.Idempotency;

/// <summary>A POST retried with the same Idempotency-Key never makes its change twice.</summary>
[Collection(ApiCollection.Name)]
public class IdempotencyTests(GhiseuFactory app, ITestOutputHelper output)
{
    private static object NewCase(string subject, string description = "Cerere trimisă de două ori.") => new
    {
        unit = "PAR", category = "information", subject, description, channel = "phone",
        citizen = new { name = "Ilie Retry", email = $"retry.{Guid.NewGuid():N}@example.com" },
    };

    private static async Task<HttpResponseMessage> Post(HttpClient client, string url, object body, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    private Task<int> CasesWithSubject(string subject) => app.Db(db => db.Cases.CountAsync(c => c.Subject == subject));

    private static bool Replayed(HttpResponseMessage r) =>
        r.Headers.TryGetValues("Idempotent-Replayed", out var v) && v.SingleOrDefault() == "true";

    [Fact]
    public async Task CreateCase_SameKeyAndBodyTwice_CreatesOneAndReplaysTheSameAnswer()
    {
        var client = await app.Paris();
        var subject = $"Idem {Guid.NewGuid():N}";
        var body = NewCase(subject);
        var key = Guid.NewGuid().ToString();

        var first = await Post(client, "/api/v1/cases", body, key);
        var second = await Post(client, "/api/v1/cases", body, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.False(Replayed(first));
        Assert.Equal(first.StatusCode, second.StatusCode);
        Assert.True(Replayed(second));
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal("application/json", second.Content.Headers.ContentType?.MediaType);
        var (a, b) = (await first.Body(), await second.Body());
        Assert.Equal(a.Str("registrationNumber"), b.Str("registrationNumber"));
        Assert.True(JsonNode.DeepEquals(a, b), $"{a.ToJsonString()}\n{b.ToJsonString()}");
        Assert.Equal(1, await CasesWithSubject(subject));
    }

    [Fact]
    public async Task CreateCase_SameKeyDifferentBody_Returns422ProblemAndCreatesNothingMore()
    {
        var client = await app.Paris();
        var subject = $"Idem {Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Created, (await Post(client, "/api/v1/cases", NewCase(subject), key)).StatusCode);

        var other = await Post(client, "/api/v1/cases", NewCase(subject, "Altă descriere."), key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        Assert.Contains("idempotency-key-reused", (await other.Body()).Str("type"), StringComparison.Ordinal);
        Assert.Equal(1, await CasesWithSubject(subject));
    }

    [Fact]
    public async Task CreateCase_TenConcurrentWithTheSameKey_CreatesExactlyOneAndNoneFails()
    {
        var client = await app.Paris();
        var subject = $"Idem {Guid.NewGuid():N}";
        var body = NewCase(subject);
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Post(client, "/api/v1/cases", body, key)));

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        output.WriteLine($"[{GhiseuFactory.Provider}] 10 concurrent, one key: {responses.Count(Replayed)} replayed, {statuses.Count(s => s == 409)} × 409");
        Assert.All(statuses, s => Assert.True(s is 201 or 409, string.Join(", ", statuses)));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created && !Replayed(r));
        Assert.Equal(1, await CasesWithSubject(subject));
        var numbers = new HashSet<string>();
        foreach (var r in responses.Where(r => r.StatusCode == HttpStatusCode.Created)) numbers.Add((await r.Body()).Str("registrationNumber"));
        Assert.Single(numbers);
        // The losers took and gave back a number inside their rolled-back transactions: the next case follows at once.
        var next = await client.CreateCase();
        Assert.Equal(Sequence(numbers.Single()) + 1, Sequence(next.Str("registrationNumber")));
    }

    [Fact]
    public async Task CreateCase_NoKey_TwoRequestsCreateTwoCases()
    {
        var client = await app.Paris();
        var subject = $"Idem {Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.Created, (await Post(client, "/api/v1/cases", NewCase(subject), null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Post(client, "/api/v1/cases", NewCase(subject), null)).StatusCode);
        Assert.Equal(2, await CasesWithSubject(subject));
    }

    [Fact]
    public async Task CreateCase_SameKeyFromTwoUsers_CreatesTwoCases()
    {
        var subject = $"Idem {Guid.NewGuid():N}";
        var body = NewCase(subject);
        var key = Guid.NewGuid().ToString();

        var paris = await Post(await app.Paris(), "/api/v1/cases", body, key);
        var admin = await Post(await app.Admin(), "/api/v1/cases", body, key);

        Assert.Equal(HttpStatusCode.Created, paris.StatusCode);
        Assert.Equal(HttpStatusCode.Created, admin.StatusCode);
        Assert.False(Replayed(admin));
        Assert.NotEqual((await paris.Body()).Str("id"), (await admin.Body()).Str("id"));
        Assert.Equal(2, await CasesWithSubject(subject));
    }

    [Fact]
    public async Task CreateCase_KeyOfARefusedRequest_CanBeUsedForTheCorrectedOne()
    {
        var client = await app.Paris();
        var subject = $"Idem {Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();
        var bad = new { unit = "PAR", category = "no-such-category", subject, description = "d", channel = "phone", citizen = new { name = "X" } };

        Assert.Equal(HttpStatusCode.BadRequest, (await Post(client, "/api/v1/cases", bad, key)).StatusCode);
        var fixedRequest = await Post(client, "/api/v1/cases", NewCase(subject), key);

        Assert.Equal(HttpStatusCode.Created, fixedRequest.StatusCode);
        Assert.False(Replayed(fixedRequest));
        Assert.Equal(1, await CasesWithSubject(subject));
    }

    [Fact]
    public async Task AddNote_SameKeyTwice_AddsOneNoteAndReplays()
    {
        var client = await app.Paris();
        var c = await client.CreateCase();
        var caseId = c["id"]!.GetValue<Guid>();
        var key = Guid.NewGuid().ToString();
        var note = new { body = $"Notă {Guid.NewGuid():N}" };

        var first = await Post(client, $"/api/v1/cases/{caseId}/notes", note, key);
        var second = await Post(client, $"/api/v1/cases/{caseId}/notes", note, key);
        var other = await Post(client, $"/api/v1/cases/{caseId}/notes", new { body = "alta" }, key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True(Replayed(second));
        Assert.True(JsonNode.DeepEquals(await first.Body(), await second.Body()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal(1, await app.Db(db => db.Interactions.CountAsync(i => i.CaseId == caseId && i.Body == note.body)));
    }

    [Fact]
    public async Task AddNote_SameKeyAndBodyOnAnotherCase_IsNotTakenForTheFirstCase()
    {
        var client = await app.Paris();
        var a = await client.CreateCase();
        var b = await client.CreateCase();
        var key = Guid.NewGuid().ToString();
        var note = new { body = $"Notă {Guid.NewGuid():N}" };

        Assert.Equal(HttpStatusCode.OK, (await Post(client, $"/api/v1/cases/{a.Str("id")}/notes", note, key)).StatusCode);
        var onB = await Post(client, $"/api/v1/cases/{b.Str("id")}/notes", note, key);

        // Either refused as a reused key or carried out on B; never answered with case A.
        if (onB.StatusCode == HttpStatusCode.OK) Assert.Equal(b.Str("id"), (await onB.Body()).Str("id"));
        else Assert.Equal(HttpStatusCode.UnprocessableEntity, onB.StatusCode);
        var bId = b["id"]!.GetValue<Guid>();
        var onBNotes = await app.Db(db => db.Interactions.CountAsync(i => i.CaseId == bId && i.Body == note.body));
        Assert.Equal(onB.StatusCode == HttpStatusCode.OK ? 1 : 0, onBNotes);
    }

    /// <summary>
    /// What a process killed after the commit and before storing its answer leaves behind: the key's
    /// record, committed with the change and naming the resource, without the answer.
    /// </summary>
    private Task<int> ForgetAnswer(string key) => app.Db(db => db.IdempotencyRecords.Where(r => r.Key == key)
        .ExecuteUpdateAsync(u => u.SetProperty(r => r.StatusCode, (int?)null).SetProperty(r => r.Location, (string?)null)
            .SetProperty(r => r.ResponseBody, (string?)null)));

    [Fact]
    public async Task CreateCase_AnswerLostAfterTheCommit_RetryIsAnsweredFromTheCommittedCase()
    {
        var client = await app.Paris();
        var subject = $"Idem {Guid.NewGuid():N}";
        var body = NewCase(subject);
        var key = Guid.NewGuid().ToString();
        var first = await Post(client, "/api/v1/cases", body, key);
        var created = await first.Body();
        Assert.Equal(created["id"]!.GetValue<Guid>(), await app.Db(db => db.IdempotencyRecords.Where(r => r.Key == key).Select(r => r.ResourceId).SingleAsync()));
        Assert.Equal(1, await ForgetAnswer(key));

        var retries = new[] { await Post(client, "/api/v1/cases", body, key), await Post(client, "/api/v1/cases", body, key) };

        foreach (var retry in retries)
        {
            Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
            Assert.True(Replayed(retry));
            Assert.Equal(first.Headers.Location, retry.Headers.Location);
            Assert.Equal(first.Headers.ETag, retry.Headers.ETag);
            var again = await retry.Body();
            Assert.Equal(created.Str("id"), again.Str("id"));
            Assert.Equal(created.Str("registrationNumber"), again.Str("registrationNumber"));
            Assert.Equal(created.Str("trackingCode"), again.Str("trackingCode"));
        }
        Assert.Equal(1, await CasesWithSubject(subject));
        // Another body under the same key is still refused.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Post(client, "/api/v1/cases", NewCase(subject, "Alta."), key)).StatusCode);
    }

    [Fact]
    public async Task AddNote_AnswerLostAfterTheCommit_RetryAddsNothingAndAnswersWithTheCase()
    {
        var client = await app.Paris();
        var c = await client.CreateCase();
        var caseId = c["id"]!.GetValue<Guid>();
        var key = Guid.NewGuid().ToString();
        var note = new { body = $"Notă {Guid.NewGuid():N}" };
        Assert.Equal(HttpStatusCode.OK, (await Post(client, $"/api/v1/cases/{caseId}/notes", note, key)).StatusCode);
        Assert.Equal(1, await ForgetAnswer(key));

        var retry = await Post(client, $"/api/v1/cases/{caseId}/notes", note, key);

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.True(Replayed(retry));
        Assert.Equal(c.Str("id"), (await retry.Body()).Str("id"));
        Assert.Equal(1, await app.Db(db => db.Interactions.CountAsync(i => i.CaseId == caseId && i.Body == note.body)));
    }

    [Fact]
    public async Task CreateCase_AnswerLostAndTheKeyRetriedByAnotherUnit_DoesNotRevealTheCase()
    {
        // The key is scoped per user, so only its sender can ever reach the replay; and the replay reads
        // through the sender's own unit scope.
        var paris = await app.Paris();
        var subject = $"Idem {Guid.NewGuid():N}";
        var body = NewCase(subject);
        var key = Guid.NewGuid().ToString();
        var first = await Post(paris, "/api/v1/cases", body, key);
        await ForgetAnswer(key);

        var madrid = await Post(await app.Madrid(), "/api/v1/cases", body, key);

        Assert.False(Replayed(madrid));
        if (madrid.IsSuccessStatusCode) Assert.NotEqual((await first.Body()).Str("id"), (await madrid.Body()).Str("id"));
        Assert.DoesNotContain((await first.Body()).Str("registrationNumber"), await madrid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static long Sequence(string registrationNumber) => long.Parse(registrationNumber[(registrationNumber.LastIndexOf('-') + 1)..],
        System.Globalization.CultureInfo.InvariantCulture);
}
