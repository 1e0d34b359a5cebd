using Bogus;
using Ghiseu.Data;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Citizens;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Demo;

/// <summary>Generates realistic demo cases with their citizens and timelines, numbered as intake would.</summary>
internal sealed class DemoCases(GhiseuDb db, int seed, TimeProvider clock)
{
    private readonly Faker ro = new("ro") { Random = new Randomizer(seed) };
    private readonly Faker en = new("en_GB") { Random = new Randomizer(seed + 1) };
    private Randomizer R => ro.Random;

    private static readonly Dictionary<string, string> PhonePrefix = new()
    {
        ["IT"] = "+393", ["ES"] = "+346", ["DE"] = "+49151", ["GB"] = "+447", ["FR"] = "+336", ["BE"] = "+32470",
        ["AT"] = "+43664", ["US"] = "+1202", ["CA"] = "+1613", ["MD"] = "+37369", ["RO"] = "+4072",
    };

    public async Task CreateAsync(int count, CancellationToken ct)
    {
        if (count == 0) return;
        db.AuditDisabled = true; // demo data is not anyone's activity
        var units = await db.Units.AsNoTracking().ToListAsync(ct);
        var queues = await db.Queues.AsNoTracking().ToListAsync(ct);
        var categories = await db.Categories.AsNoTracking().ToListAsync(ct);
        var staff = await db.Users.AsNoTracking().ToListAsync(ct);
        var grants = await db.UnitGrants.AsNoTracking().ToListAsync(ct);
        var city = units.First(u => u.Code == "ABA");
        var missions = units.Where(u => u.ParentId != null && u.Code != "ABA").ToList();
        var busiest = missions.Where(u => u.Code is "PAR" or "MAD").ToList();
        var cityCategories = categories.Where(c => c.UnitId == city.Id).ToList();
        var consularCategories = categories.Where(c => c.UnitId != city.Id).ToList();
        var counters = new Dictionary<(Guid, int), long>();
        var now = clock.GetUtcNow();
        var citizens = new List<Citizen>();
        var known = new HashSet<Guid>();

        for (var done = 0; done < count;)
        {
            var batch = Math.Min(500, count - done);
            for (var i = 0; i < batch; i++)
            {
                // The city hall gets a third of the cases; the rest spread over the missions, Paris and Madrid busiest.
                var unit = R.Double() < 0.33 ? city : R.Double() < 0.35 ? R.ListItem(busiest) : R.ListItem(missions);
                var isCity = unit == city;
                var category = R.ListItem(isCity ? cityCategories : consularCategories);
                var english = !isCity && R.Double() < 0.25;
                var texts = DemoTexts.ByCategory[category.Code];
                var text = R.ListItem(english ? texts.En : texts.Ro);
                var place = R.ListItem(DemoTexts.Places[isCity ? "RO" : unit.Country!]);
                var created = now - TimeSpan.FromMinutes(R.Double() * R.Double() * 60 * 24 * 120);
                var citizen = citizens.Count > 20 && R.Double() < 0.1 ? R.ListItem(citizens) : NewCitizen(isCity ? "RO" : unit.Country!, english, unit.Id, created);
                if (!known.Contains(citizen.Id)) { db.Citizens.Add(citizen); citizens.Add(citizen); known.Add(citizen.Id); }
                var year = TimeZoneInfo.ConvertTime(created, Deadlines.Zone(unit)).Year;
                var seq = counters[(unit.Id, year)] = counters.GetValueOrDefault((unit.Id, year)) + 1;
                var c = new Case
                {
                    UnitId = unit.Id, CategoryId = category.Id, CitizenId = citizen.Id, CreatedAt = created,
                    QueueId = queues.FirstOrDefault(q => q.UnitId == unit.Id && q.Code == category.DefaultQueueCode)?.Id,
                    Subject = text.Subject.Replace("{place}", place, StringComparison.Ordinal),
                    Description = text.Body.Replace("{place}", place, StringComparison.Ordinal),
                    Channel = R.WeightedRandom([Channel.Portal, Channel.Email, Channel.Phone, Channel.WalkIn, Channel.Chat, Channel.Open311], [0.35f, 0.3f, 0.15f, 0.1f, 0.05f, 0.05f]),
                    Priority = R.Double() < 0.8 ? category.DefaultPriority : R.Enum<Priority>(),
                    TrackingCode = TrackingCodes.New(), RegistrationNumber = RegistrationNumbers.Format(unit.Code, year, seq),
                    Tags = R.Double() < 0.2 ? [R.ListItem(new[] { "vip", "revenire", "presa", "copii", "follow-up" })] : [],
                };
                if (isCity)
                {
                    c.Latitude = 46.0667 + ((R.Double() - 0.5) * 0.04);
                    c.Longitude = 23.5800 + ((R.Double() - 0.5) * 0.06);
                    c.Address = $"{place}, Alba Iulia";
                }
                Deadlines.Apply(c, category, unit, created);
                c.Touch(created);
                db.Cases.Add(c);
                Timeline(c, citizen, unit.Id, staff.Where(s => grants.Any(g => g.UserId == s.Id && (g.UnitId == unit.Id || g.UnitId == unit.ParentId))).ToList(), now);
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            done += batch;
        }
        foreach (var ((unitId, year), last) in counters)
            db.RegistrationCounters.Add(new RegistrationCounter { UnitId = unitId, Year = year, Last = last });
        await db.SaveChangesAsync(ct);
        db.AuditDisabled = false;
    }

    private Citizen NewCitizen(string country, bool english, Guid unitId, DateTimeOffset created)
    {
        var f = english ? en : ro;
        var name = f.Name.FullName();
        var c = new Citizen
        {
            Name = name, SearchName = TextFolding.Fold(name), Country = country, Language = english ? "en" : "ro",
            CreatedAt = created, CreatedInUnitId = unitId, Cnp = !english && R.Double() < 0.4 ? NewCnp() : null,
        };
        if (c.Cnp is not null) c.CnpVerifiedAt = created;
        var email = $"{TextFolding.Fold(f.Name.FirstName())}.{TextFolding.Fold(f.Name.LastName())}{R.Number(1, 999)}@example.{(R.Bool() ? "com" : "ro")}"
            .Replace(" ", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal);
        if (ContactNormalizer.Email(email) is { } e) c.ContactPoints.Add(new ContactPoint { CitizenId = c.Id, Kind = ContactKind.Email, Value = e, Source = ContactSource.Demo, AddedAt = created, VerifiedAt = created });
        var phone = ContactNormalizer.Phone(PhonePrefix[country] + R.ReplaceNumbers(new string('#', country is "DE" or "BE" or "AT" ? 7 : country is "US" or "CA" ? 7 : 8)));
        if (phone is not null && R.Double() < 0.7) c.ContactPoints.Add(new ContactPoint { CitizenId = c.Id, Kind = ContactKind.Phone, Value = phone, Source = ContactSource.Demo, AddedAt = created, VerifiedAt = created });
        return c;
    }

    /// <summary>A CNP with a valid control digit, for people born 1950–2005.</summary>
    private string NewCnp()
    {
        var born = R.Number(1950, 2005);
        var sex = born < 2000 ? R.Number(1, 2) : R.Number(5, 6);
        var body = $"{sex}{born % 100:D2}{R.Number(1, 12):D2}{R.Number(1, 28):D2}{R.Number(1, 46):D2}{R.Number(1, 999):D3}";
        var sum = body.Select((ch, i) => (ch - '0') * ("279146358279"[i] - '0')).Sum();
        return body + (sum % 11 == 10 ? 1 : sum % 11);
    }

    private void Timeline(Case c, Citizen citizen, Guid unitId, List<Identity.StaffUser> staff, DateTimeOffset now)
    {
        var at = c.CreatedAt;
        Add(c, unitId, InteractionKind.PortalMessage, Direction.Inbound, at, citizen.Name, c.Description, true);
        var age = now - c.CreatedAt;
        var progress = R.Double() * Math.Min(1, age.TotalDays / 20);
        var agent = staff.Count > 0 ? R.ListItem(staff) : null;
        if (progress < 0.15) return;
        if (agent is not null) c.Assign(agent.Id, at = at.AddMinutes(R.Number(5, 600)));
        if (R.Bool()) Add(c, unitId, InteractionKind.Note, Direction.Internal, at = at.AddMinutes(R.Number(5, 300)), agent?.DisplayName, R.ListItem(DemoTexts.Notes), false);
        if (progress < 0.3) return;
        Add(c, unitId, InteractionKind.Email, Direction.Outbound, at = at.AddMinutes(R.Number(10, 2000)), agent?.DisplayName, R.ListItem(DemoTexts.Replies), true);
        c.Responded(at);
        if (progress < 0.5) { if (R.Bool()) c.TransitionTo(CaseStatus.PendingCitizen, at); return; }
        c.TransitionTo(CaseStatus.Resolved, at = at.AddHours(R.Number(1, 200)));
        if (progress > 0.75) c.TransitionTo(CaseStatus.Closed, at.AddDays(R.Number(1, 10)));
        c.UpdatedAt = c.ClosedAt ?? c.ResolvedAt ?? at;
    }

    private void Add(Case c, Guid unitId, InteractionKind kind, Direction direction, DateTimeOffset at, string? author, string body, bool isPublic) =>
        db.Interactions.Add(new Interaction
        {
            CaseId = c.Id, UnitId = unitId, Kind = kind, Direction = direction, At = at, AuthorName = author, Body = body, Public = isPublic,
            Channel = kind == InteractionKind.Email ? Channel.Email : c.Channel, DeliveryState = direction == Direction.Outbound ? "sent" : null,
        });
}
