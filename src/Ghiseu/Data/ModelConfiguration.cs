using System.Text.Json;
using Ghiseu.Features.Attachments;
using Ghiseu.Features.Audit;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Categories;
using Ghiseu.Features.Citizens;
using Ghiseu.Features.Idempotency;
using Ghiseu.Features.Identity;
using Ghiseu.Features.Outbox;
using Ghiseu.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ghiseu.Data;

internal sealed class UnitConfiguration : IEntityTypeConfiguration<Unit>, IEntityTypeConfiguration<Queue>
{
    public void Configure(EntityTypeBuilder<Unit> b)
    {
        b.Property(u => u.Code).HasMaxLength(16);
        b.HasIndex(u => u.Code).IsUnique();
        b.Property(u => u.Name).HasMaxLength(200);
        b.Property(u => u.NameEn).HasMaxLength(200);
        b.Property(u => u.TimeZone).HasMaxLength(64);
        b.Property(u => u.Country).HasMaxLength(2);
        b.Property(u => u.Email).HasMaxLength(254);
        b.HasOne(u => u.Parent).WithMany().HasForeignKey(u => u.ParentId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<Queue> b)
    {
        b.Property(q => q.Code).HasMaxLength(64);
        b.Property(q => q.Name).HasMaxLength(200);
        b.HasIndex(q => new { q.UnitId, q.Code }).IsUnique();
        b.HasOne(q => q.Unit).WithMany().HasForeignKey(q => q.UnitId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> b)
    {
        b.Property(c => c.Code).HasMaxLength(64);
        b.Property(c => c.NameRo).HasMaxLength(200);
        b.Property(c => c.NameEn).HasMaxLength(200);
        b.Property(c => c.DefaultQueueCode).HasMaxLength(64);
        b.HasIndex(c => new { c.Code, c.UnitId }).IsUnique();
        b.HasOne<Unit>().WithMany().HasForeignKey(c => c.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.OwnsMany(c => c.Fields, f => f.ToJson());
    }
}

internal sealed class CitizenConfiguration : IEntityTypeConfiguration<Citizen>, IEntityTypeConfiguration<ContactPoint>,
    IEntityTypeConfiguration<CitizenMatchSuggestion>
{
    public void Configure(EntityTypeBuilder<Citizen> b)
    {
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.SearchName).HasMaxLength(200);
        b.Property(c => c.Cnp).HasMaxLength(13);
        b.Property(c => c.Country).HasMaxLength(2);
        b.Property(c => c.Language).HasMaxLength(5);
        b.HasIndex(c => c.Cnp);
        b.HasIndex(c => c.SearchName);
        b.HasMany(c => c.ContactPoints).WithOne().HasForeignKey(p => p.CitizenId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ContactPoint> b)
    {
        b.Property(p => p.Value).HasMaxLength(254);
        b.HasIndex(p => new { p.Kind, p.Value });
    }

    public void Configure(EntityTypeBuilder<CitizenMatchSuggestion> b)
    {
        b.HasOne<Citizen>().WithMany().HasForeignKey(s => s.NewCitizenId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Citizen>().WithMany().HasForeignKey(s => s.ExistingCitizenId).OnDelete(DeleteBehavior.Cascade);
        // One row per pair, whatever its state: a rejected pair is remembered and not raised again.
        b.HasIndex(s => new { s.NewCitizenId, s.ExistingCitizenId }).IsUnique();
        b.HasIndex(s => s.ExistingCitizenId);
        b.HasIndex(s => new { s.State, s.CreatedAt });
        b.Property(s => s.SameEmail).HasMaxLength(254);
        b.Property(s => s.SamePhone).HasMaxLength(32);
        b.Property(s => s.SameCnp).HasMaxLength(13);
        b.Property(s => s.SameMessaging).HasMaxLength(254);
        b.Property(s => s.DecidedBy).HasMaxLength(256);
        b.Property(s => s.Version).IsConcurrencyToken();
        b.Ignore(s => s.Strength);
    }
}

internal sealed class CaseConfiguration : IEntityTypeConfiguration<Case>, IEntityTypeConfiguration<Interaction>,
    IEntityTypeConfiguration<CaseLink>, IEntityTypeConfiguration<Referral>, IEntityTypeConfiguration<RegistrationCounter>
{
    // Comparers are expression trees: a nested lambda in one (an Aggregate, a Select) is turned into a
    // new delegate every time it runs, and change detection runs them for every tracked case at every
    // save. Hence plain method calls. Tags needs its own: the comparer EF builds for a primitive
    // collection had the same cost (it showed as a tenth of the email channel's CPU).
    private static readonly ValueComparer<Dictionary<string, string>> FieldsComparer = new(
        (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
        d => FieldsHash(d),
        d => new Dictionary<string, string>(d));

    private static readonly ValueComparer<List<string>> TagsComparer = new(
        (a, b) => a!.SequenceEqual(b!),
        l => TagsHash(l),
        l => new List<string>(l));

    private static int FieldsHash(Dictionary<string, string> d)
    {
        var h = 0;
        foreach (var (k, v) in d) h ^= HashCode.Combine(k.GetHashCode(StringComparison.Ordinal), v.GetHashCode(StringComparison.Ordinal));
        return h;
    }

    private static int TagsHash(List<string> l)
    {
        var h = 0;
        foreach (var t in l) h = HashCode.Combine(h, t.GetHashCode(StringComparison.Ordinal));
        return h;
    }

    public void Configure(EntityTypeBuilder<Case> b)
    {
        b.Property(c => c.RegistrationNumber).HasMaxLength(32);
        b.HasIndex(c => c.RegistrationNumber).IsUnique();
        b.Property(c => c.TrackingCode).HasMaxLength(32);
        b.HasIndex(c => c.TrackingCode).IsUnique();
        b.Property(c => c.Subject).HasMaxLength(300);
        b.Property(c => c.Description).HasMaxLength(20000);
        b.Property(c => c.Address).HasMaxLength(300);
        b.Property(c => c.Status).HasField("<Status>k__BackingField");
        b.Property(c => c.RatingComment).HasMaxLength(2000);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.PrimitiveCollection(c => c.Tags).Metadata.SetValueComparer(TagsComparer);
        b.Property(c => c.Fields).HasConversion(
            d => JsonSerializer.Serialize(d, Json.Options),
            s => JsonSerializer.Deserialize<Dictionary<string, string>>(s, Json.Options) ?? new Dictionary<string, string>(),
            FieldsComparer);
        b.HasOne<Unit>().WithMany().HasForeignKey(c => c.UnitId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Queue>().WithMany().HasForeignKey(c => c.QueueId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Category>().WithMany().HasForeignKey(c => c.CategoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Citizen>().WithMany().HasForeignKey(c => c.CitizenId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<StaffUser>().WithMany().HasForeignKey(c => c.AssigneeId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(c => c.Interactions).WithOne().HasForeignKey(i => i.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Links).WithOne().HasForeignKey(l => l.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Referrals).WithOne().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Cascade);
        // Inbox views: the unit's newest cases, by status, by assignee, by citizen.
        b.HasIndex(c => new { c.UnitId, c.Status, c.Id });
        b.HasIndex(c => new { c.AssigneeId, c.Status });
        b.HasIndex(c => c.CitizenId);
        b.Property(c => c.ContactEmail).HasMaxLength(254);
        b.Property(c => c.ContactPhone).HasMaxLength(32);
        // A signed-in citizen's requests: one key.
        b.HasIndex(c => c.ContactEmail);
        // Keyset paging walks these in either direction; the registration number breaks ties.
        b.HasIndex(c => new { c.CreatedAt, c.RegistrationNumber });
        b.HasIndex(c => new { c.UpdatedAt, c.RegistrationNumber });
        b.HasIndex(c => new { c.UnitId, c.CreatedAt });
        // A category or queue filter walks its own cases newest first instead of sorting them all.
        b.HasIndex(c => new { c.CategoryId, c.CreatedAt });
        b.HasIndex(c => new { c.QueueId, c.CreatedAt });
        // Most cases are resolved or closed: the open views read this small index instead.
        b.HasIndex([nameof(Case.CreatedAt)], "IX_Cases_Open_CreatedAt").HasFilter("\"Status\" < 4");
        b.HasIndex([nameof(Case.Priority), nameof(Case.CreatedAt)], "IX_Cases_Open_Priority_CreatedAt").HasFilter("\"Status\" < 4");
        b.HasIndex([nameof(Case.UnitId), nameof(Case.CreatedAt)], "IX_Cases_Unassigned_UnitId_CreatedAt")
            .HasFilter("\"Status\" < 4 AND \"AssigneeId\" IS NULL");
    }

    public void Configure(EntityTypeBuilder<Interaction> b)
    {
        b.Property(i => i.AuthorName).HasMaxLength(200);
        b.Property(i => i.ExternalId).HasMaxLength(300);
        b.Property(i => i.DeliveryState).HasMaxLength(300);
        b.Property(i => i.SenderCheck).HasMaxLength(8);
        b.Property(i => i.SenderResults).HasMaxLength(64);
        b.HasIndex(i => new { i.CaseId, i.At });
        b.HasIndex(i => i.ExternalId);
    }

    public void Configure(EntityTypeBuilder<CaseLink> b)
    {
        b.HasOne<Case>().WithMany().HasForeignKey(l => l.TargetCaseId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(l => new { l.CaseId, l.TargetCaseId, l.Kind }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<Referral> b)
    {
        b.Property(r => r.AuthorityName).HasMaxLength(200);
        b.Property(r => r.Reason).HasMaxLength(4000);
        b.Property(r => r.Outcome).HasMaxLength(4000);
    }

    public void Configure(EntityTypeBuilder<RegistrationCounter> b) => b.HasKey(c => new { c.UnitId, c.Year });
}

internal sealed class SupportConfiguration : IEntityTypeConfiguration<Attachment>, IEntityTypeConfiguration<AuditEntry>,
    IEntityTypeConfiguration<IdempotencyRecord>, IEntityTypeConfiguration<OutboxMessage>,
    IEntityTypeConfiguration<UnitGrant>, IEntityTypeConfiguration<PersonalAccessToken>, IEntityTypeConfiguration<StaffUser>
{
    public void Configure(EntityTypeBuilder<Attachment> b)
    {
        b.Property(a => a.FileName).HasMaxLength(255);
        b.Property(a => a.ContentType).HasMaxLength(127);
        b.Property(a => a.Sha256).HasMaxLength(64);
        b.HasOne<Case>().WithMany().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => a.CaseId);
    }

    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(a => a.Action).HasMaxLength(32);
        b.Property(a => a.EntityType).HasMaxLength(64);
        b.Property(a => a.EntityId).HasMaxLength(64);
        b.Property(a => a.UserName).HasMaxLength(256);
        b.Property(a => a.IpAddress).HasMaxLength(64);
        b.HasIndex(a => new { a.EntityType, a.EntityId });
        b.HasIndex(a => a.At);
        b.HasIndex(a => a.UserId);
    }

    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.Property(r => r.Scope).HasMaxLength(200);
        b.Property(r => r.Key).HasMaxLength(200);
        b.Property(r => r.RequestHash).HasMaxLength(64);
        b.Property(r => r.Location).HasMaxLength(500);
        b.HasIndex(r => new { r.Scope, r.Key }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.Property(m => m.Type).HasMaxLength(64);
        b.Property(m => m.LeasedBy).HasMaxLength(100);
        b.HasIndex(m => new { m.ProcessedAt, m.NextAttemptAt });
    }

    public void Configure(EntityTypeBuilder<UnitGrant> b)
    {
        b.HasOne<Unit>().WithMany().HasForeignKey(g => g.UnitId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(g => new { g.UserId, g.UnitId }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<PersonalAccessToken> b)
    {
        b.Property(t => t.Name).HasMaxLength(100);
        b.Property(t => t.Hash).HasMaxLength(64);
        b.Property(t => t.Prefix).HasMaxLength(16);
        b.HasIndex(t => t.Hash).IsUnique();
        b.HasOne<StaffUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<StaffUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(200);
        b.Property(u => u.Language).HasMaxLength(5);
        b.Property(u => u.TimeZone).HasMaxLength(64);
        b.HasMany(u => u.Grants).WithOne().HasForeignKey(g => g.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
