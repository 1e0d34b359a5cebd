using System.Security.Claims;
using Ghiseu.Data;
using Ghiseu.Features.Categories;
using Ghiseu.Features.Citizens;
using Ghiseu.Features.Identity;
using Ghiseu.Features.Notifications;
using Ghiseu.Features.Units;
using Ghiseu.Web;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Cases;

/// <summary>Carries out staff changes to cases: one load, the entity's rule, one save with its events.</summary>
public sealed partial class CaseWork(GhiseuDb db, CaseReader reader, CategoryCatalog categories, UnitScopeResolver scopes,
    Notifier notifier, UnitDirectory units, CitizenDirectory citizens, TimeProvider clock)
{
    private DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Loads the case, checks If-Match, applies the change and saves; 404 outside the caller's units.</summary>
    public async Task<IResult> ChangeAsync(string id, HttpRequest http, Func<Case, Task<IResult?>> change, CancellationToken ct)
    {
        var c = await reader.FindAsync(id, ct);
        if (c is null) return Problems.NotFound();
        if (Stale(http, c)) return Problems.PreconditionFailed($"The case is at version {c.Version}; read it again.");
        var problem = await change(c);
        if (problem is not null) return problem;
        return await SaveAsync(c, http.HttpContext, ct);
    }

    private async Task<IResult> SaveAsync(Case c, HttpContext http, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        http.Response.Headers.ETag = CaseReader.ETag(c);
        return TypedResults.Ok(await reader.ToDtoAsync(c, ct));
    }

    private static bool Stale(HttpRequest http, Case c) => ETags.Stale(http, c.Version);

    /// <summary>Statuses the citizen is told about: when they must act, and when the work is done.</summary>
    private static readonly CaseStatus[] Announced = [CaseStatus.PendingCitizen, CaseStatus.Resolved];

    public async Task<IResult?> Transition(Case c, CaseStatus to, string? note, ClaimsPrincipal user, CancellationToken ct)
    {
        var from = c.Status;
        c.TransitionTo(to, Now);
        Add(c, InteractionKind.StatusChange, Direction.Internal, $"{Json.Name(from)} → {Json.Name(to)}", user, isPublic: true);
        if (!string.IsNullOrWhiteSpace(note)) Add(c, InteractionKind.Note, Direction.Internal, note.Trim(), user);
        if (from != to && Announced.Contains(to))
        {
            var citizen = await citizens.OfCaseAsync(c.CitizenId, ct);
            notifier.Enqueue(NotificationTemplates.StatusChanged, c, citizen, (await units.GetAsync(ct)).ById[c.UnitId]);
        }
        return null;
    }

    public IResult? Note(Case c, string body, ClaimsPrincipal user)
    {
        Add(c, InteractionKind.Note, Direction.Internal, body.Trim(), user);
        c.Touch(Now);
        return null;
    }

    /// <summary>
    /// Answers the citizen on email, SMS or the portal (by default on the case's own channel). Email and
    /// SMS leave through the outbox; a portal message is delivered by being on the public timeline.
    /// </summary>
    public async Task<IResult?> Message(Case c, string body, Channel? channel, ClaimsPrincipal user, CancellationToken ct)
    {
        if (c.Status == CaseStatus.Closed) throw new DomainException("case-closed", "Reopen the case before writing to the citizen.");
        var on = channel ?? (c.Channel is Channel.Email or Channel.Sms ? c.Channel : Channel.Portal);
        if (on is not (Channel.Email or Channel.Sms or Channel.Portal))
            return Problems.Unprocessable($"Replies go by email, sms or portal; {Json.Name(on)} conversations are answered where they happen.", "channel-unsupported");
        var citizen = await citizens.OfCaseAsync(c.CitizenId, ct);
        var kind = on switch { Channel.Email => InteractionKind.Email, Channel.Sms => InteractionKind.Sms, _ => InteractionKind.PortalMessage };
        var i = Add(c, kind, Direction.Outbound, body.Trim(), user, isPublic: true);
        i.Channel = on;
        i.DeliveryState = "delivered";
        if (on != Channel.Portal && !notifier.Reply(c, citizen, i, on))
            return Problems.Unprocessable($"The citizen has no usable {(on == Channel.Email ? "email address" : "mobile number")}.", "no-contact");
        c.Responded(Now);
        return null;
    }

    public IResult? Refer(Case c, ReferralRequest r, ClaimsPrincipal user)
    {
        if (r.Authority is Authority.OtherMinistry or Authority.Other && string.IsNullOrWhiteSpace(r.AuthorityName))
            return Problems.Validation(("authorityName", "Name the ministry or body the case is referred to."));
        var referral = new Referral { CaseId = c.Id, Authority = r.Authority, AuthorityName = r.AuthorityName?.Trim(), Reason = r.Reason.Trim(), ReferredAt = Now, ReferredBy = user.StaffId() };
        c.Referrals.Add(referral);
        db.Referrals.Add(referral);
        Add(c, InteractionKind.Referral, Direction.Internal, $"{Json.Name(r.Authority)}{(r.AuthorityName is null ? "" : $" ({r.AuthorityName})")}: {r.Reason}", user);
        c.Touch(Now);
        return null;
    }

    public async Task<IResult> RecordOutcomeAsync(string id, Guid referralId, string outcome, ClaimsPrincipal user, CancellationToken ct)
    {
        var c = await reader.FindAsync(id, ct);
        if (c is null) return Problems.NotFound();
        var referral = await db.Referrals.FirstOrDefaultAsync(r => r.Id == referralId && r.CaseId == c.Id, ct);
        if (referral is null) return Problems.NotFound("The case has no such referral.");
        referral.Outcome = outcome.Trim();
        referral.OutcomeAt = Now;
        Add(c, InteractionKind.Referral, Direction.Internal, $"Outcome from {Json.Name(referral.Authority)}: {referral.Outcome}", user);
        c.Touch(Now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new { referral.Id, referral.Authority, referral.AuthorityName, referral.Reason, referral.ReferredAt, referral.Outcome, referral.OutcomeAt });
    }

    public async Task<IResult> AssignAsync(string id, string? assignee, HttpRequest http, ClaimsPrincipal user, CancellationToken ct)
    {
        var c = await reader.FindAsync(id, ct);
        if (c is null) return Problems.NotFound();
        if (Stale(http, c)) return Problems.PreconditionFailed($"The case is at version {c.Version}; read it again.");
        return await Assign(c, assignee, user, ct) ?? await SaveAsync(c, http.HttpContext, ct);
    }

    /// <summary>Assigns to a staff member (id, email or "me") who may see the case's unit, or to nobody (null).</summary>
    public async Task<IResult?> Assign(Case c, string? assignee, ClaimsPrincipal user, CancellationToken ct)
    {
        Guid? staffId = null;
        if (assignee is not null)
        {
            var staff = assignee == "me"
                ? await db.Users.FirstOrDefaultAsync(u => u.Id == user.StaffId(), ct)
                : Guid.TryParse(assignee, out var g)
                    ? await db.Users.FirstOrDefaultAsync(u => u.Id == g, ct)
                    : await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == assignee.ToUpperInvariant(), ct);
            if (staff is null || !staff.Active) return Problems.Validation(("assignee", "No active staff member of the case's unit has this id or email."));
            var roles = await db.UserRoles.Where(ur => ur.UserId == staff.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync(ct);
            if (!roles.Any(r => Roles.CaseWorkers.Contains(r)))
                return Problems.Validation(("assignee", "This staff member only reads cases (auditor) and cannot be assigned one."));
            if (!(await scopes.ResolveAsync(staff.Id, roles.Contains(Roles.SystemAdmin), ct)).Allows(c.UnitId))
                return Problems.Validation(("assignee", "No active staff member of the case's unit has this id or email."));
            staffId = staff.Id;
        }
        c.Assign(staffId, Now);
        Add(c, InteractionKind.Assignment, Direction.Internal, staffId is null ? "unassigned" : $"assigned to {assignee}", user);
        return null;
    }

    internal Interaction Add(Case c, InteractionKind kind, Direction direction, string body, ClaimsPrincipal user, bool isPublic = false)
    {
        var i = new Interaction
        {
            CaseId = c.Id, UnitId = c.UnitId, Kind = kind, Direction = direction, At = Now, Body = body, Public = isPublic,
            AuthorStaffId = user.StaffId(), AuthorName = user.Identity?.Name,
        };
        db.Interactions.Add(i);
        return i;
    }

}
