using Ghiseu.Data;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Categories;
using Ghiseu.Features.Citizens;
using Ghiseu.Features.Identity;
using Ghiseu.Features.Units;

namespace Ghiseu.Bench.Desk;

/// <summary>The organization the generated cases belong to: 40 units under one root, 5 queues and 5 agents each.</summary>
public sealed class BenchOrg
{
    public const int UnitCount = 40;

    public List<Guid> Units { get; } = [];
    public List<List<Guid>> Queues { get; } = [];
    public List<List<Guid>> Staff { get; } = [];
    public List<Guid> Categories { get; } = [];
    public List<Guid> Citizens { get; } = [];

    public static async Task<BenchOrg> CreateAsync(GhiseuDb db, int citizens, CancellationToken ct)
    {
        var org = new BenchOrg();
        db.AuditDisabled = true;
        var root = new Unit { Code = "ROOT", Name = "Rețeaua de bench" };
        db.Units.Add(root);
        for (var u = 0; u < UnitCount; u++)
        {
            var unit = new Unit { Code = $"U{u + 1:D2}", Name = $"Unitatea {u + 1}", ParentId = root.Id };
            db.Units.Add(unit);
            org.Units.Add(unit.Id);
            var queues = Enumerable.Range(0, 5).Select(q => new Queue { UnitId = unit.Id, Code = $"q{q}", Name = $"Coada {q}" }).ToList();
            db.Queues.AddRange(queues);
            org.Queues.Add([.. queues.Select(q => q.Id)]);
            var staff = Enumerable.Range(0, 5).Select(s => new StaffUser
            {
                UserName = $"agent{s}.u{u + 1}@bench.ghiseu.ro", NormalizedUserName = $"AGENT{s}.U{u + 1}@BENCH.GHISEU.RO",
                Email = $"agent{s}.u{u + 1}@bench.ghiseu.ro", DisplayName = $"Agent {s} U{u + 1}", SecurityStamp = Guid.NewGuid().ToString(),
            }).ToList();
            db.Users.AddRange(staff);
            org.Staff.Add([.. staff.Select(s => s.Id)]);
        }
        for (var c = 0; c < 8; c++)
        {
            var category = new Category { Code = $"cat{c}", NameRo = $"Categoria {c}", NameEn = $"Category {c}", UnitId = root.Id, DefaultQueueCode = "q0" };
            db.Categories.Add(category);
            org.Categories.Add(category.Id);
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        var now = DateTimeOffset.UtcNow;
        for (var c = 0; c < citizens; c++)
        {
            var citizen = new Citizen { Name = $"Cetățean {c}", SearchName = $"cetatean {c}", CreatedAt = now };
            db.Citizens.Add(citizen);
            org.Citizens.Add(citizen.Id);
            if (c % 5000 == 4999) { await db.SaveChangesAsync(ct); db.ChangeTracker.Clear(); }
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return org;
    }

    /// <summary>The first unit's ids, one agent's and a supervisor's ten units, for the measured scopes.</summary>
    public Guid[] SupervisorUnits => [.. Units.Take(10)];

    public static int OpenStatusLimit => (int)CaseStatus.Resolved;
}
