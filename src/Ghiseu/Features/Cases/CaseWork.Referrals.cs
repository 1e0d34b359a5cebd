using Ghiseu.Common;
using Ghiseu.Data;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Cases;

/// <summary>Referrals to other authorities and what they answered.</summary>
public sealed partial class CaseWork
{
    /// <summary>Refers the case to an authority and records it; Invalid authorityName when a named body has no name.</summary>
    public Task<Outcome<Case>> ReferAsync(string id, ReferralRequest r, Actor actor, long? expectedVersion, CancellationToken ct) =>
        ChangeAsync(id, actor, expectedVersion, c => Refer(c, r, actor), ct);

    public Failure? Refer(Case c, ReferralRequest r, Actor actor)
    {
        if (r.Authority is Authority.OtherMinistry or Authority.Other && string.IsNullOrWhiteSpace(r.AuthorityName))
            return new Failure.Invalid("authorityName", "Name the ministry or body the case is referred to.");
        var referral = new Referral { CaseId = c.Id, Authority = r.Authority, AuthorityName = r.AuthorityName?.Trim(), Reason = r.Reason.Trim(), ReferredAt = Now, ReferredBy = actor.StaffId };
        c.Referrals.Add(referral);
        db.Referrals.Add(referral);
        Add(c, InteractionKind.Referral, Direction.Internal, $"{Json.Name(r.Authority)}{(r.AuthorityName is null ? "" : $" ({r.AuthorityName})")}: {r.Reason}", actor);
        c.Touch(Now);
        return null;
    }

    /// <summary>Records what the authority did with a referral; NotFound for another case's referral.</summary>
    public async Task<Outcome<Referral>> RecordOutcomeAsync(string id, Guid referralId, string outcome, Actor actor, CancellationToken ct)
    {
        if (Refuse(actor) is { } refused) return refused;
        var c = await FindAsync(id, actor, ct);
        if (c is null) return new Failure.NotFound();
        var referral = await db.Referrals.FirstOrDefaultAsync(r => r.Id == referralId && r.CaseId == c.Id, ct);
        if (referral is null) return new Failure.NotFound("The case has no such referral.");
        referral.Outcome = outcome.Trim();
        referral.OutcomeAt = Now;
        Add(c, InteractionKind.Referral, Direction.Internal, $"Outcome from {Json.Name(referral.Authority)}: {referral.Outcome}", actor);
        c.Touch(Now);
        await db.SaveChangesAsync(ct);
        return referral;
    }
}
