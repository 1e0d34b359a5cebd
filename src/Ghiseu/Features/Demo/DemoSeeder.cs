using Ghiseu.Data;
using Ghiseu.Features.Identity;
using Ghiseu.Features.Units;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Ghiseu.Features.Demo;

/// <summary>Fills an empty database, in demo mode, with the demo organization, staff and cases.</summary>
public static class DemoSeeder
{
    public static readonly (string Email, string Name, string[] Roles, string[] Units)[] Staff =
    [
        ("admin@demo.ghiseu.ro", "Ana Administrator", [Roles.SystemAdmin], []),
        ("supervisor@demo.ghiseu.ro", "Mihai Supervizor", [Roles.Supervisor, Roles.KnowledgeEditor], ["MAE"]),
        ("agent.paris@demo.ghiseu.ro", "Ioana Popescu", [Roles.Agent], ["PAR"]),
        ("agent.madrid@demo.ghiseu.ro", "Andrei Ionescu", [Roles.Agent], ["MAD"]),
        ("dispatcher@demo.ghiseu.ro", "Elena Dumitrescu", [Roles.Agent, Roles.Supervisor], ["ABA"]),
        ("auditor@demo.ghiseu.ro", "Radu Auditor", [Roles.Auditor], ["MAE", "ABA"]),
    ];

    public static async Task SeedIfEmptyAsync(IServiceProvider root, CancellationToken ct = default)
    {
        var options = root.GetRequiredService<IOptions<DemoOptions>>().Value;
        if (!options.Enabled) return;
        await using var scope = root.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<GhiseuDb>();
        db.Scope = AccessScope.System;
        if (await db.Units.AnyAsync(ct)) return;
        var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoSeeder));
        log.LogInformation("Empty database in demo mode: seeding the demo organization and {Count} cases", options.Cases);

        var ministry = DemoOrganization.Ministry();
        var city = DemoOrganization.CityHall();
        db.Units.AddRange(ministry, city);
        var missions = DemoOrganization.Missions.Select(m => new Unit
        {
            Code = m.Code, Name = m.Name, NameEn = m.NameEn, Country = m.Country, TimeZone = m.TimeZone,
            ParentId = ministry.Id, Email = $"{m.Code.ToLowerInvariant()}@demo.ghiseu.ro",
        }).ToList();
        db.Units.AddRange(missions);
        foreach (var m in missions)
            db.Queues.AddRange(DemoOrganization.MissionQueues.Select(q => new Queue { UnitId = m.Id, Code = q.Code, Name = $"{m.Code} — {q.Name}" }));
        db.Queues.AddRange(DemoOrganization.CityQueues.Select(q => new Queue { UnitId = city.Id, Code = q.Code, Name = q.Name }));
        db.Categories.AddRange(DemoOrganization.ConsularCategories(ministry.Id));
        db.Categories.AddRange(DemoOrganization.CityCategories(city.Id));
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
        foreach (var article in DemoArticles.All(ministry.Id, city.Id, now))
        {
            db.Articles.Add(article);
            Knowledge.ArticleHistory.Record(db, article, staffId: null, now);
        }
        db.AddRange(DemoCanned.All(ministry.Id, city.Id, now));
        await db.SaveChangesAsync(ct);
        sp.GetRequiredService<UnitDirectory>().Invalidate();

        await SeedStaffAsync(sp, options.Password, ct);
        await new DemoCases(db, options.RandomSeed, sp.GetRequiredService<TimeProvider>()).CreateAsync(options.Cases, ct);
        log.LogInformation("Demo data ready");
    }

    private static async Task SeedStaffAsync(IServiceProvider sp, string password, CancellationToken ct)
    {
        var roles = sp.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole<Guid>(role));
        var users = sp.GetRequiredService<UserManager<StaffUser>>();
        var units = await sp.GetRequiredService<UnitDirectory>().GetAsync(ct);
        foreach (var (email, name, userRoles, grants) in Staff)
        {
            var user = new StaffUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };
            user.Grants.AddRange(grants.Select(code => new UnitGrant { UserId = user.Id, UnitId = units.ByCode[code].Id }));
            Check(await users.CreateAsync(user, password));
            Check(await users.AddToRolesAsync(user, userRoles));
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
