using System.Net;
using Ghiseu.Features.Identity;
using Ghiseu.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Tests.Identity;

/// <summary>On a database of its own: the test needs to be down to the last two system administrators.</summary>
[Collection(ApiCollection.Name)]
public class LastSystemAdminTests
{
    [Fact]
    public async Task LastTwoSystemAdmins_DeactivatingEachOtherAtOnce_OneRemains()
    {
        var own = new GhiseuFactory();
        await own.InitializeAsync();
        try
        {
            // The race is won or lost in microseconds: run it again and again.
            for (var round = 0; round < 15; round++)
            {
                var a = await own.CreateStaff(Roles.SystemAdmin);
                var b = await own.CreateStaff(Roles.SystemAdmin);
                using var asA = await own.SignIn(a.Email!);
                using var asB = await own.SignIn(b.Email!);
                foreach (var id in await ActiveSystemAdmins(own))
                    if (id != a.Id && id != b.Id) Assert.Equal(HttpStatusCode.OK, (await asA.PostAsync($"/api/v1/staff/{id}/deactivate", null)).StatusCode);
                Assert.Equal(2, (await ActiveSystemAdmins(own)).Count);

                var answers = await Task.WhenAll(asA.PostAsync($"/api/v1/staff/{b.Id}/deactivate", null), asB.PostAsync($"/api/v1/staff/{a.Id}/deactivate", null));
                // One wins. The other is refused: as the last system administrator (409), or, when the
                // winner's change came first, because its own account is no longer active (401).
                Assert.Single(answers, r => r.StatusCode == HttpStatusCode.OK);
                Assert.Single(answers, r => r.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.Unauthorized);
                Assert.Single(await ActiveSystemAdmins(own));
            }
        }
        finally
        {
            await ((IAsyncLifetime)own).DisposeAsync();
        }
    }

    private static Task<List<Guid>> ActiveSystemAdmins(GhiseuFactory app) => app.Db(db => (
        from u in db.Users
        join ur in db.UserRoles on u.Id equals ur.UserId
        join r in db.Roles on ur.RoleId equals r.Id
        where r.Name == Roles.SystemAdmin && u.Active
        select u.Id).ToListAsync());
}
