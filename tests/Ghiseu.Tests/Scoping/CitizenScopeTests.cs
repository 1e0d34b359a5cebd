using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Ghiseu.Data;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ghiseu.Tests.Scoping;

/// <summary>The citizen's scope: their own cases and, of them, only what is public — enforced by the context's filters.</summary>
[Collection(ApiCollection.Name)]
public class CitizenScopeTests(GhiseuFactory app)
{
    private async Task<GhiseuDb> ContextAsync(AccessScope scope)
    {
        var db = await app.Services.GetRequiredService<IDbContextFactory<GhiseuDb>>().CreateDbContextAsync();
        db.Scope = scope;
        return db;
    }

    [Fact]
    public async Task Citizen_SeesTheirCaseAndItsPublicTimeline_NothingInternal_NoOtherCase()
    {
        var paris = await app.Paris();
        var mine = await paris.CreateCase();
        var other = await paris.CreateCase();
        var id = Guid.Parse(mine.Str("id"));
        Assert.True((await paris.PostAsJsonAsync($"/api/v1/cases/{id}/notes", new { body = "Notă internă: nu pentru cetățean." })).IsSuccessStatusCode);
        using (var form = new MultipartFormDataContent())
        {
            var file = new ByteArrayContent(Attachments.TestFiles.Pdf("intern"));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(file, "files", "intern.pdf");
            Assert.Equal(HttpStatusCode.Created, (await paris.PostAsync($"/api/v1/cases/{id}/attachments", form)).StatusCode);
        }

        await using var db = await ContextAsync(AccessScope.OfCitizen([id]));
        Assert.Equal([id], await db.Cases.Select(c => c.Id).ToListAsync());
        Assert.False(await db.Cases.AnyAsync(c => c.Id == Guid.Parse(other.Str("id"))));
        var timeline = await db.Interactions.Where(i => i.CaseId == id).ToListAsync();
        Assert.NotEmpty(timeline);
        Assert.All(timeline, i => Assert.True(i.Public));
        Assert.True(await app.Db(all => all.Interactions.AnyAsync(i => i.CaseId == id && !i.Public)));
        Assert.Empty(await db.Attachments.Where(a => a.CaseId == id).ToListAsync());
        Assert.True(await app.Db(all => all.Attachments.AnyAsync(a => a.CaseId == id)));
        var citizenId = await app.Db(all => all.Cases.Where(c => c.Id == id).Select(c => c.CitizenId).FirstAsync());
        Assert.Equal([citizenId], await db.Citizens.Select(c => c.Id).ToListAsync());

        await using var nobody = await ContextAsync(AccessScope.OfCitizen([]));
        Assert.False(await nobody.Cases.AnyAsync());
        Assert.False(await nobody.Interactions.AnyAsync());
    }
}
