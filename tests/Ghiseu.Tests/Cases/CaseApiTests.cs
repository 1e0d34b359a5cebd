using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Cases;

[Collection(ApiCollection.Name)]
public partial class CaseApiTests(GhiseuFactory app)
{
    [GeneratedRegex(@"^PAR-\d{4}-\d{6}$")]
    private static partial Regex ParisNumber();

    [Fact]
    public async Task Create_ValidRequest_ReturnsNumberTrackingCodeAndDeadlines()
    {
        var client = await app.Paris();
        var c = await client.CreateCase(category: "passport", fields: new() { ["kind"] = "simplu electronic" },
            citizen: new { name = "Ion Ţepeş", phone = "0721 234 567", email = "Ion.Tepes@Example.com" });
        Assert.Matches(ParisNumber(), c.Str("registrationNumber"));
        Assert.Equal(12, c.Str("trackingCode").Length);
        Assert.Equal("passports", c.Str("queue"));
        Assert.Equal("new", c.Str("status"));
        Assert.NotNull(c["dueAt"]!["legal"]);
        var citizenId = c["citizen"]!["id"]!.GetValue<Guid>();
        var phones = await app.Db(db => db.ContactPoints.Where(p => p.CitizenId == citizenId).Select(p => p.Value).ToListAsync());
        Assert.Contains("+40721234567", phones);
        Assert.Contains("ion.tepes@example.com", phones);
    }

    [Fact]
    public async Task Create_SameEmailTwice_MatchesOneCitizen()
    {
        var client = await app.Paris();
        var email = $"same.{Guid.NewGuid():N}@example.com";
        var a = await client.CreateCase(citizen: new { name = "Ana Pop", email });
        var b = await client.CreateCase(citizen: new { name = "Ana Pop", email = email.ToUpperInvariant() });
        Assert.Equal(a["citizen"]!["id"]!.ToString(), b["citizen"]!["id"]!.ToString());
    }

    [Theory]
    [InlineData("""{"unit":"PAR","category":"information","subject":"s","description":"d","channel":"phone","citizen":{"name":"X","phone":"123"}}""", "citizen.phone")]
    [InlineData("""{"unit":"PAR","category":"information","subject":"s","description":"d","channel":"phone","citizen":{"name":"X","email":"nope"}}""", "citizen.email")]
    [InlineData("""{"unit":"PAR","category":"information","subject":"s","description":"d","channel":"phone","citizen":{"name":"X","cnp":"1800101221145"}}""", "citizen.cnp")]
    [InlineData("""{"unit":"PAR","category":"passport","subject":"s","description":"d","channel":"phone","citizen":{"name":"X"},"fields":{"kind":"gold"}}""", "fields.kind")]
    [InlineData("""{"unit":"PAR","category":"nope","subject":"s","description":"d","channel":"phone","citizen":{"name":"X"}}""", "category")]
    [InlineData("""{"unit":"PAR","category":"information","subject":"","description":"d","channel":"phone","citizen":{"name":"X"}}""", "subject")]
    public async Task Create_InvalidField_Returns400WithFieldErrorAndStoresNothing(string body, string field)
    {
        var client = await app.Paris();
        var before = await app.Db(db => db.Cases.CountAsync());
        var response = await client.PostAsync("/api/v1/cases", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Body();
        var errors = problem["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Contains(field, errors);
        Assert.Equal(before, await app.Db(db => db.Cases.CountAsync()));
    }

    [Theory]
    [InlineData("""{"unit":"PAR","category":"information","subject":"s","description":"d","channel":"phone","citizen":{"name":"X"},"extra":1}""", "extra")]
    [InlineData("""{"unit":"PAR","category":"information","subject":"s","description":"d","channel":"carrier-pigeon","citizen":{"name":"X"}}""", "channel")]
    [InlineData("""{"unit":"PAR","category":"information","subject":"s","description":"d","channel":"phone","priority":5,"citizen":{"name":"X"}}""", "priority")]
    [InlineData("""{"unit":"PAR",""", null)]
    public async Task Create_MalformedBody_Returns400ProblemNamingTheField(string body, string? field)
    {
        var client = await app.Paris();
        var response = await client.PostAsync("/api/v1/cases", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Body();
        Assert.Equal(400, problem["status"]!.GetValue<int>());
        if (field is not null) Assert.Contains(field, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("Ghiseu.", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ro", "Numărul de telefon nu este valid", "Tip pașaport")]
    [InlineData("en", "This is not a valid phone number", "Passport type")]
    public async Task Create_InvalidInput_MessagesFollowAcceptLanguage(string language, string phoneMessage, string fieldLabel)
    {
        var client = await app.Paris();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cases")
        {
            Content = new StringContent("""{"unit":"PAR","category":"passport","subject":"s","description":"d","channel":"phone","citizen":{"name":"X","phone":"12"}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.AcceptLanguage.ParseAdd(language);
        var problem = await (await client.SendAsync(request)).Body();
        Assert.StartsWith(phoneMessage, problem["errors"]!["citizen.phone"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith(fieldLabel, problem["errors"]!["fields.kind"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_OversizedBody_Returns413Problem()
    {
        var client = await app.Paris();
        var huge = new string('x', 2 * 1024 * 1024);
        var response = await client.PostAsJsonAsync("/api/v1/cases", new { unit = "PAR", category = "information", subject = "s", description = huge, channel = "phone", citizen = new { name = "X" } });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Transition_IllegalMove_Returns409AndKeepsStatus()
    {
        var client = await app.Paris();
        var c = await client.CreateCase();
        var id = c.Str("id");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/cases/{id}/status", new { status = "open" })).StatusCode);
        var bad = await client.PostAsJsonAsync($"/api/v1/cases/{id}/status", new { status = "closed" });
        Assert.Equal(HttpStatusCode.Conflict, bad.StatusCode);
        Assert.Contains("illegal-transition", (await bad.Body())["type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("open", (await (await client.GetAsync($"/api/v1/cases/{id}")).Body()).Str("status"));
    }

    [Fact]
    public async Task Patch_StaleIfMatch_Returns412_CurrentETag_Succeeds()
    {
        var client = await app.Paris();
        var c = await client.CreateCase();
        var id = c.Str("id");
        var get = await client.GetAsync($"/api/v1/cases/{id}");
        var etag = get.Headers.ETag!.Tag;

        using var first = Patch(id, """{"priority":"high","tags":["Urgent-Doc"]}""", etag);
        var ok = await client.SendAsync(first);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.NotEqual(etag, ok.Headers.ETag!.Tag);
        Assert.Equal("high", (await ok.Body()).Str("priority"));

        using var second = Patch(id, """{"priority":"low"}""", etag);
        var stale = await client.SendAsync(second);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var now = await (await client.GetAsync($"/api/v1/cases/{id}")).Body();
        Assert.Equal("high", now.Str("priority"));
        Assert.Equal("urgent-doc", now["tags"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_UnknownMember_Returns400()
    {
        var client = await app.Paris();
        var c = await client.CreateCase();
        using var request = Patch(c.Str("id"), """{"status":"closed"}""", null);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task List_FilterByCitizenEmailAndStatus_FindsOnlyMatching()
    {
        var client = await app.Paris();
        var email = $"filter.{Guid.NewGuid():N}@example.com";
        var a = await client.CreateCase(citizen: new { name = "Filter Test", email });
        await client.CreateCase(citizen: new { name = "Other", email = $"o.{Guid.NewGuid():N}@example.com" });
        var list = await (await client.GetAsync($"/api/v1/cases?citizenEmail={email}&status=new")).Body();
        var items = list["items"]!.AsArray();
        Assert.Single(items);
        Assert.Equal(a.Str("id"), items[0]!.Str("id"));
    }

    [Fact]
    public async Task List_FilterByCategoryQueueAndPriority_UsesCodes()
    {
        var client = await app.Paris();
        var email = $"codes.{Guid.NewGuid():N}@example.com";
        await client.CreateCase(category: "passport", fields: new() { ["kind"] = "simplu temporar" }, citizen: new { name = "Codes", email });
        async Task<int> Count(string query) => (await (await client.GetAsync($"/api/v1/cases?citizenEmail={email}&{query}")).Body())["items"]!.AsArray().Count;
        Assert.Equal(1, await Count("category=passport&queue=passports&priority=normal,high"));
        var passportId = await app.Db(db => db.Categories.Where(x => x.Code == "passport").Select(x => x.Id).FirstAsync());
        Assert.Equal(1, await Count($"category={passportId}"));
        Assert.Equal(0, await Count("category=information"));
        Assert.Equal(0, await Count("queue=emergency"));
        Assert.Equal(0, await Count("priority=urgent"));
        var bad = await client.GetAsync("/api/v1/cases?status=sleeping");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("status", (await bad.Body())["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task List_SearchIgnoresDiacriticsAndCedillas()
    {
        var client = await app.Paris();
        var word = $"Ştampilă{Guid.NewGuid():N}"[..16];
        await client.CreateCase(description: $"Am nevoie de o {word} pe procură");
        var folded = Ghiseu.Data.TextFolding.Fold(word).Replace("s", "ș", StringComparison.Ordinal);
        var list = await (await client.GetAsync($"/api/v1/cases?q={Uri.EscapeDataString(folded.ToUpperInvariant())}")).Body();
        Assert.Single(list["items"]!.AsArray());
    }

    [Fact]
    public async Task List_CursorPaging_VisitsEveryCaseOnce()
    {
        var client = await app.Paris();
        var tag = $"page{Guid.NewGuid():N}"[..20];
        var created = new HashSet<string>();
        for (var i = 0; i < 7; i++)
        {
            var c = await client.CreateCase();
            using var p = Patch(c.Str("id"), $$"""{"tags":["{{tag}}"]}""", null);
            (await client.SendAsync(p)).EnsureSuccessStatusCode();
            created.Add(c.Str("id"));
        }
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await client.GetAsync($"/api/v1/cases?tag={tag}&limit=3&sort=-updatedAt{(cursor is null ? "" : $"&cursor={cursor}")}")).Body();
            seen.AddRange(page["items"]!.AsArray().Select(x => x!.Str("id")));
            cursor = page["nextCursor"]?.GetValue<string>();
        } while (cursor is not null);
        Assert.Equal(7, seen.Count);
        Assert.True(created.SetEquals(seen));
    }

    [Fact]
    public async Task Work_AssignNoteMessageReferral_AppearInTimeline()
    {
        var client = await app.Paris();
        var c = await client.CreateCase(category: "emergency");
        var id = c.Str("id");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/cases/{id}/assign", new { assignee = "me" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/cases/{id}/notes", new { body = "Sunat la spital" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/cases/{id}/messages", new { body = "Vă contactăm imediat.", channel = "email" })).StatusCode);
        var referral = await client.PostAsJsonAsync($"/api/v1/cases/{id}/referrals", new { authority = "ambulance", reason = "Rănit grav" });
        Assert.Equal(HttpStatusCode.OK, referral.StatusCode);
        var badReferral = await client.PostAsJsonAsync($"/api/v1/cases/{id}/referrals", new { authority = "otherMinistry", reason = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, badReferral.StatusCode);

        var timeline = (await (await client.GetAsync($"/api/v1/cases/{id}/interactions")).Body()).AsArray();
        var kinds = timeline.Select(i => i!.Str("kind")).ToList();
        Assert.Contains("assignment", kinds);
        Assert.Contains("note", kinds);
        Assert.Contains("email", kinds);
        Assert.Contains("referral", kinds);
        var reply = timeline.Single(i => i!.Str("kind") == "email" && i!.Str("body") == "Vă contactăm imediat.")!;
        Assert.Equal("outbound", reply.Str("direction"));
        Assert.True(reply["public"]!.GetValue<bool>());
        Assert.False(timeline.First(i => i!.Str("kind") == "note")!["public"]!.GetValue<bool>());
        var after = await (await client.GetAsync($"/api/v1/cases/{id}")).Body();
        Assert.Equal("open", after.Str("status"));
        Assert.Equal(Staff.Paris, await app.Db(db => db.Users.Where(u => u.Id == after["assignee"]!["id"]!.GetValue<Guid>()).Select(u => u.Email!).SingleAsync()));
    }

    [Fact]
    public async Task Assign_StaffOfAnotherUnit_Returns400()
    {
        var client = await app.Paris();
        var c = await client.CreateCase();
        var response = await client.PostAsJsonAsync($"/api/v1/cases/{c.Str("id")}/assign", new { assignee = Staff.Madrid });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Merge_Duplicate_MovesTimelineAndClosesSource()
    {
        var client = await app.Paris();
        var a = await client.CreateCase();
        var b = await client.CreateCase();
        await client.PostAsJsonAsync($"/api/v1/cases/{a.Str("id")}/notes", new { body = "nota din duplicat" });
        var merged = await client.PostAsJsonAsync($"/api/v1/cases/{a.Str("id")}/merge", new { into = b.Str("registrationNumber") });
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        var source = await (await client.GetAsync($"/api/v1/cases/{a.Str("id")}")).Body();
        Assert.Equal("closed", source.Str("status"));
        Assert.Equal(b.Str("id"), source.Str("mergedInto"));
        var timeline = (await (await client.GetAsync($"/api/v1/cases/{b.Str("id")}/interactions")).Body()).AsArray();
        Assert.Contains(timeline, i => i!.Str("body") == "nota din duplicat");
        var again = await client.PostAsJsonAsync($"/api/v1/cases/{a.Str("id")}/merge", new { into = b.Str("id") });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Link_Related_IsRecordedOnceOnly()
    {
        var client = await app.Paris();
        var a = await client.CreateCase();
        var b = await client.CreateCase();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/cases/{a.Str("id")}/links", new { target = b.Str("id"), kind = "related" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"/api/v1/cases/{a.Str("id")}/links", new { target = b.Str("id"), kind = "related" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/v1/cases/{a.Str("id")}/links", new { target = a.Str("id"), kind = "related" })).StatusCode);
    }

    private static HttpRequestMessage Patch(string id, string json, string? etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/cases/{id}")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/merge-patch+json"),
        };
        if (etag is not null) request.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        return request;
    }
}
