using Ghiseu.Features.Attachments;
using Ghiseu.Features.Audit;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Categories;
using Ghiseu.Features.Citizens;
using Ghiseu.Features.Units;

namespace Ghiseu.Features;

/// <summary>
/// The audit trail's rules for the entities of every feature. They live with the host, which knows
/// all features, so that the audit feature, which every feature calls, knows none of them.
/// </summary>
public static class AuditedEntities
{
    public static IServiceCollection AddAuditedEntities(this IServiceCollection s) => s.Configure<AuditRules>(rules => rules
        // Bookkeeping with no one's intent in it, and the logs that keep their own record. The outbox is
        // written only by the system; the mail intake log records what the system did with each message
        // (received, state, outcome, case), while a person's action on it (a retry, a release from
        // quarantine or spam) is audited.
        .Skip<Idempotency.IdempotencyRecord>()
        .Skip<Outbox.OutboxMessage>()
        .Skip<RegistrationCounter>()
        .Skip<Microsoft.AspNetCore.Identity.IdentityUserToken<Guid>>()
        .Skip<Channels.Email.InboundEmail>((_, who) => who.UserId is null)
        // A version row repeats the article's audited update (its new values) under a number.
        .Skip<Knowledge.ArticleVersion>()
        // The unit whose auditors may see an entry; an entity not named here shows to every auditor.
        .UnitOf<Case>((c, _) => c.UnitId)
        .UnitOf<Interaction>((i, _) => i.UnitId)
        .UnitOf<Attachment>((a, _) => a.UnitId)
        .UnitOf<Queue>((q, _) => q.UnitId)
        .UnitOf<Category>((c, _) => c.UnitId)
        .UnitOf<Unit>((u, _) => u.Id)
        .UnitOf<Knowledge.Article>((a, _) => a.UnitId)
        .UnitOf<Citizen>((p, saved) => CitizenUnit(p.Id, saved))
        .UnitOf<ContactPoint>((p, saved) => CitizenUnit(p.CitizenId, saved))
        .UnitOf<Referral>((r, saved) => CaseUnit(r.CaseId, saved))
        .UnitOf<CaseLink>((l, saved) => CaseUnit(l.CaseId, saved)));

    // A citizen has no unit of its own: the one that recorded it, else that of a case saved with it.
    private static Guid? CitizenUnit(Guid citizenId, IReadOnlyList<object> saved) =>
        saved.OfType<Citizen>().FirstOrDefault(p => p.Id == citizenId)?.CreatedInUnitId
        ?? saved.OfType<Case>().FirstOrDefault(c => c.CitizenId == citizenId)?.UnitId;

    private static Guid? CaseUnit(Guid caseId, IReadOnlyList<object> saved) =>
        saved.OfType<Case>().FirstOrDefault(c => c.Id == caseId)?.UnitId;
}
