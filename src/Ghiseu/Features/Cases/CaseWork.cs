using Ghiseu.Common;
using Ghiseu.Data;
using Ghiseu.Features.Categories;
using Ghiseu.Features.Citizens;
using Ghiseu.Features.Identity;
using Ghiseu.Features.Notifications;
using Ghiseu.Features.Units;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Cases;

/// <summary>
/// Carries out staff changes to cases: one load within the actor's units, the entity's rule, one save with
/// its events. Every command takes plain inputs and an <see cref="Actor"/> and returns an
/// <see cref="Outcome{T}"/>; a broken rule of <see cref="Case"/> comes back as a failure, not an exception.
/// </summary>
public sealed partial class CaseWork(GhiseuDb db, CaseReader reader, CategoryCatalog categories, UnitScopeResolver scopes,
    Notifier notifier, UnitDirectory units, CitizenDirectory citizens, TimeProvider clock)
{
    private DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>
    /// Loads the case, checks the version the actor saw (null: any), applies <paramref name="change"/> and saves.
    /// NotFound outside the actor's units; a failure of the change saves nothing.
    /// </summary>
    public async Task<Outcome<Case>> ChangeAsync(string id, Actor actor, long? expectedVersion, Func<Case, Task<Failure?>> change, CancellationToken ct)
    {
        if (Refuse(actor) is { } refused) return refused;
        var c = await FindAsync(id, actor, ct);
        if (c is null) return new Failure.NotFound();
        if (expectedVersion is { } v && v != c.Version) return new Failure.Stale(c.Version);
        try
        {
            if (await change(c) is { } failure) return failure;
        }
        catch (DomainException e)
        {
            return e.ToFailure();
        }
        await db.SaveChangesAsync(ct);
        return c;
    }

    public Task<Outcome<Case>> ChangeAsync(string id, Actor actor, long? expectedVersion, Func<Case, Failure?> change, CancellationToken ct) =>
        ChangeAsync(id, actor, expectedVersion, c => Task.FromResult(change(c)), ct);

    /// <summary>The case if it exists and lies within the actor's units (a staff member's scope; a rule sees all).</summary>
    internal async Task<Case?> FindAsync(string id, Actor actor, CancellationToken ct)
    {
        var c = await reader.FindAsync(id, ct);
        return c is not null && (actor is not Actor.Staff s || s.Scope.Allows(c.UnitId)) ? c : null;
    }

    /// <summary>Staff changes are made by staff or by Ghiseu for a rule; a citizen writes back through intake.</summary>
    private static Failure.Unauthorized? Refuse(Actor actor) =>
        actor is Actor.Citizen ? new Failure.Unauthorized("Only staff members and rules change cases this way.") : null;

    /// <summary>Statuses the citizen is told about: when they must act, and when the work is done.</summary>
    private static readonly CaseStatus[] Announced = [CaseStatus.PendingCitizen, CaseStatus.Resolved];

    /// <summary>Moves the case to another status (Conflict illegal-transition when the status machine refuses).</summary>
    public Task<Outcome<Case>> TransitionAsync(string id, CaseStatus to, string? note, Actor actor, long? expectedVersion, CancellationToken ct) =>
        ChangeAsync(id, actor, expectedVersion, c => Transition(c, to, note, actor, ct), ct);

    public async Task<Failure?> Transition(Case c, CaseStatus to, string? note, Actor actor, CancellationToken ct)
    {
        var from = c.Status;
        c.TransitionTo(to, Now);
        Add(c, InteractionKind.StatusChange, Direction.Internal, $"{Json.Name(from)} → {Json.Name(to)}", actor, isPublic: true);
        if (!string.IsNullOrWhiteSpace(note)) Add(c, InteractionKind.Note, Direction.Internal, note.Trim(), actor);
        if (from != to && Announced.Contains(to))
        {
            var citizen = await citizens.OfCaseAsync(c.CitizenId, ct);
            notifier.Enqueue(NotificationTemplates.StatusChanged, c, citizen, (await units.GetAsync(ct)).ById[c.UnitId]);
        }
        return null;
    }

    /// <summary>Adds an internal note, never shown to the citizen.</summary>
    public Task<Outcome<Case>> NoteAsync(string id, string body, Actor actor, long? expectedVersion, CancellationToken ct) =>
        ChangeAsync(id, actor, expectedVersion, c => Note(c, body, actor), ct);

    public Failure? Note(Case c, string body, Actor actor)
    {
        Add(c, InteractionKind.Note, Direction.Internal, body.Trim(), actor);
        c.Touch(Now);
        return null;
    }

    /// <summary>
    /// Answers the citizen on email, SMS or the portal (by default on the case's own channel). Email and
    /// SMS leave through the outbox; a portal message is delivered by being on the public timeline.
    /// Conflict case-closed; Refused channel-unsupported or no-contact.
    /// </summary>
    public Task<Outcome<Case>> MessageAsync(string id, string body, Channel? channel, Actor actor, long? expectedVersion, CancellationToken ct) =>
        ChangeAsync(id, actor, expectedVersion, c => Message(c, body, channel, actor, ct), ct);

    public async Task<Failure?> Message(Case c, string body, Channel? channel, Actor actor, CancellationToken ct)
    {
        if (c.Status == CaseStatus.Closed) return new Failure.Conflict("case-closed", "Reopen the case before writing to the citizen.");
        var on = channel ?? (c.Channel is Channel.Email or Channel.Sms ? c.Channel : Channel.Portal);
        if (on is not (Channel.Email or Channel.Sms or Channel.Portal))
            return new Failure.Refused("channel-unsupported", $"Replies go by email, sms or portal; {Json.Name(on)} conversations are answered where they happen.");
        var citizen = await citizens.OfCaseAsync(c.CitizenId, ct);
        var kind = on switch { Channel.Email => InteractionKind.Email, Channel.Sms => InteractionKind.Sms, _ => InteractionKind.PortalMessage };
        var i = Add(c, kind, Direction.Outbound, body.Trim(), actor, isPublic: true);
        i.Channel = on;
        i.DeliveryState = "delivered";
        if (on != Channel.Portal && !notifier.Reply(c, citizen, i, on))
            return new Failure.Refused("no-contact", $"The citizen has no usable {(on == Channel.Email ? "email address" : "mobile number")}.");
        c.Responded(Now);
        return null;
    }

    /// <summary>Assigns to a staff member (id, email or "me") who may see the case's unit, or to nobody (null).</summary>
    public Task<Outcome<Case>> AssignAsync(string id, string? assignee, Actor actor, long? expectedVersion, CancellationToken ct) =>
        ChangeAsync(id, actor, expectedVersion, c => Assign(c, assignee, actor, ct), ct);

    public async Task<Failure?> Assign(Case c, string? assignee, Actor actor, CancellationToken ct)
    {
        Guid? staffId = null;
        if (assignee is not null)
        {
            var staff = assignee == "me"
                ? await db.Users.FirstOrDefaultAsync(u => u.Id == actor.StaffId, ct)
                : Guid.TryParse(assignee, out var g)
                    ? await db.Users.FirstOrDefaultAsync(u => u.Id == g, ct)
                    : await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == assignee.ToUpperInvariant(), ct);
            if (staff is null || !staff.Active) return new Failure.Invalid("assignee", "No active staff member of the case's unit has this id or email.");
            var roles = await db.UserRoles.Where(ur => ur.UserId == staff.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync(ct);
            if (!roles.Any(r => Roles.CaseWorkers.Contains(r)))
                return new Failure.Invalid("assignee", "This staff member only reads cases (auditor) and cannot be assigned one.");
            if (!(await scopes.ResolveAsync(staff.Id, roles.Contains(Roles.SystemAdmin), ct)).Allows(c.UnitId))
                return new Failure.Invalid("assignee", "No active staff member of the case's unit has this id or email.");
            staffId = staff.Id;
        }
        c.Assign(staffId, Now);
        Add(c, InteractionKind.Assignment, Direction.Internal, staffId is null ? "unassigned" : $"assigned to {assignee}", actor);
        return null;
    }

    /// <summary>An entry on the timeline, authored by the actor (a rule's entries by "Ghiseu").</summary>
    internal Interaction Add(Case c, InteractionKind kind, Direction direction, string body, Actor actor, bool isPublic = false)
    {
        var i = new Interaction
        {
            CaseId = c.Id, UnitId = c.UnitId, Kind = kind, Direction = direction, At = Now, Body = body, Public = isPublic,
            AuthorStaffId = actor.StaffId, AuthorName = actor.Name,
        };
        db.Interactions.Add(i);
        return i;
    }
}
