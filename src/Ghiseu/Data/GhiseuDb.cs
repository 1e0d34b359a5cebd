using Ghiseu.Features.Attachments;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Categories;
using Ghiseu.Features.Channels.Email;
using Ghiseu.Features.Citizens;
using Ghiseu.Features.Idempotency;
using Ghiseu.Features.Knowledge;
using Ghiseu.Features.Identity;
using Ghiseu.Features.Outbox;
using Ghiseu.Features.Units;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Data;

/// <summary>
/// The one database of Ghiseu. Unit scoping is enforced here, as global query filters driven by
/// <see cref="Scope"/>: a staff member's context sees only the cases, interactions, attachments and
/// citizens of the units granted to them. Provider-specific subclasses carry the migrations.
/// </summary>
public abstract class GhiseuDb(DbContextOptions options) : IdentityDbContext<StaffUser, IdentityRole<Guid>, Guid>(options)
{
    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<Queue> Queues => Set<Queue>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Citizen> Citizens => Set<Citizen>();
    public DbSet<ContactPoint> ContactPoints => Set<ContactPoint>();
    public DbSet<CitizenMatchSuggestion> CitizenMatchSuggestions => Set<CitizenMatchSuggestion>();
    public DbSet<Case> Cases => Set<Case>();
    public DbSet<Interaction> Interactions => Set<Interaction>();
    public DbSet<CaseLink> CaseLinks => Set<CaseLink>();
    public DbSet<Referral> Referrals => Set<Referral>();
    public DbSet<Attachment> Attachments => Set<Attachment>();
    public DbSet<RegistrationCounter> RegistrationCounters => Set<RegistrationCounter>();
    public DbSet<UnitGrant> UnitGrants => Set<UnitGrant>();
    public DbSet<PersonalAccessToken> PersonalAccessTokens => Set<PersonalAccessToken>();
    public DbSet<Features.Audit.AuditEntry> AuditEntries => Set<Features.Audit.AuditEntry>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<Article> Articles => Set<Article>();
    public DbSet<EmailAddress> EmailAddresses => Set<EmailAddress>();
    public DbSet<ImapAccount> ImapAccounts => Set<ImapAccount>();
    public DbSet<UnitEmailProfile> UnitEmailProfiles => Set<UnitEmailProfile>();
    public DbSet<InboundEmail> InboundEmails => Set<InboundEmail>();
    public DbSet<Features.Portal.SignIn.SignInCode> SignInCodes => Set<Features.Portal.SignIn.SignInCode>();
    public DbSet<SignInFailures> SignInFailures => Set<SignInFailures>();
    public DbSet<Features.Background.JobLease> JobLeases => Set<Features.Background.JobLease>();
    public DbSet<Features.Events.CaseEvent> CaseEvents => Set<Features.Events.CaseEvent>();
    public DbSet<Features.Events.EventSubscription> EventSubscriptions => Set<Features.Events.EventSubscription>();

    /// <summary>What this context may see. Nothing until set: a forgotten scope leaks nothing.</summary>
    public AccessScope Scope
    {
        get => ScopeSource();
        set => ScopeSource = () => value;
    }

    /// <summary>Read at every query, so a context made before sign-in still sees the caller's scope.</summary>
    public Func<AccessScope> ScopeSource { get; set; } = () => AccessScope.None;

    // The query filters read these two members directly so EF Core parameterizes them per query.
    private bool ScopeAll => ScopeSource().All;
    private Guid[] ScopeUnitIds => ScopeSource().UnitIds;

    // Null for staff and system work: EF Core caches one SQL per parameter nullness and drops the
    // branch a null rules out, so a staff query's SQL does not carry the citizen's branch (and back).
    private Guid[]? ScopeCaseIds => ScopeSource().CaseIds;

    /// <summary>
    /// Who acts: set where the context is made (an interactive session's user, else the ambient actor
    /// of the current request). Read at every save, like the scope.
    /// </summary>
    public Func<AuditActor?> ActorSource { get; set; } = () => null;

    /// <summary>Whose name the audit trail and decisions record for what this context does now.</summary>
    public AuditActor Actor => ActorSource() ?? AuditActor.System;

    /// <summary>Set while seeding demo data, which is no one's activity and not audited.</summary>
    internal bool AuditDisabled { get; set; }

    /// <summary>Registration counters the current transaction holds (see RegistrationNumbers).</summary>
    internal Features.Cases.HeldCounters? NumbersHeld { get; set; }

    public bool IsPostgres => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(GhiseuDb).Assembly);

        // Staff see their units; a citizen (ScopeCaseIds set) sees their own cases and, of those, only
        // what is public: the messages and files of the public timeline, their own name.
        builder.Entity<Case>().HasQueryFilter(c => ScopeCaseIds == null
            ? ScopeAll || ScopeUnitIds.Contains(c.UnitId)
            : ScopeCaseIds.Contains(c.Id));
        builder.Entity<Interaction>().HasQueryFilter(i => ScopeCaseIds == null
            ? ScopeAll || ScopeUnitIds.Contains(i.UnitId)
            : i.Public && ScopeCaseIds.Contains(i.CaseId));
        builder.Entity<Attachment>().HasQueryFilter(a => ScopeCaseIds == null
            ? ScopeAll || ScopeUnitIds.Contains(a.UnitId)
            : ScopeCaseIds.Contains(a.CaseId) && Set<Interaction>().Any(i => i.Id == a.InteractionId));
        builder.Entity<Citizen>().HasQueryFilter(p => ScopeCaseIds == null
            ? ScopeAll
                || (p.CreatedInUnitId != null && ScopeUnitIds.Contains(p.CreatedInUnitId.Value))
                || Set<Case>().Any(c => c.CitizenId == p.Id && ScopeUnitIds.Contains(c.UnitId))
            : Set<Case>().Any(c => c.CitizenId == p.Id));
        // Published articles are public; a draft belongs to its unit (drafts for every unit: see KnowledgeAccess).
        builder.Entity<Article>().HasQueryFilter(a => a.Published || ScopeAll || (a.UnitId != null && ScopeUnitIds.Contains(a.UnitId.Value)));
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BeforeSave();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BeforeSave();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    private static readonly string[] SearchedProperties = [nameof(Case.RegistrationNumber), nameof(Case.Subject), nameof(Case.Description), nameof(Case.Tags)];

    /// <summary>Versions changed cases and brings search text up to date, only where the text changed.</summary>
    private void BeforeSave()
    {
        // One pass over the tracked entries (each Entries() call detects changes anew).
        Dictionary<Guid, Case>? created = null;
        List<Interaction>? added = null;
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.Entity is Case c && entry.State == EntityState.Modified)
            {
                c.Version++;
                // A status change or an assignment leaves the words alone: no re-folding of a long description.
                if (SearchedProperties.Any(p => entry.Property(p).IsModified)) c.IndexForSearch();
            }
            else if (entry.Entity is Case n && entry.State == EntityState.Added)
            {
                n.IndexForSearch();
                (created ??= [])[n.Id] = n;
            }
            else if (entry.Entity is Interaction i && entry.State == EntityState.Added) (added ??= []).Add(i);
        }
        foreach (var i in added ?? [])
        {
            // The first message of a case registered in this save is the case's description, already
            // in the case's own search text: folding it in again would make the database index the
            // same words twice more (and rewrite the case row) for every new case.
            if (created is not null && created.TryGetValue(i.CaseId, out var c) && i.Body == c.Description) continue;
            i.FoldForSearch();
        }
    }
}

/// <summary>The units a context may see; <see cref="All"/> for system work and system administrators.</summary>
public sealed record AccessScope(bool All, Guid[] UnitIds)
{
    /// <summary>
    /// Set for a citizen: the cases they may follow (the one a tracking code opens, or those filed with
    /// the address they proved). Null for staff and system work.
    /// </summary>
    public Guid[]? CaseIds { get; init; }

    /// <summary>A citizen's scope: these cases and, of them, only what is public.</summary>
    public static AccessScope OfCitizen(IEnumerable<Guid> caseIds) => new(false, []) { CaseIds = [.. caseIds] };

    public static readonly AccessScope None = new(false, []);
    public static readonly AccessScope System = new(true, []);

    public bool Allows(Guid unitId) => All || UnitIds.Contains(unitId);
}
