using Ghiseu.Features.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ghiseu.Features.Channels.Email;

internal sealed class EmailConfiguration : IEntityTypeConfiguration<EmailAddress>, IEntityTypeConfiguration<ImapAccount>,
    IEntityTypeConfiguration<UnitEmailProfile>, IEntityTypeConfiguration<InboundEmail>
{
    public void Configure(EntityTypeBuilder<EmailAddress> b)
    {
        b.Property(a => a.Address).HasMaxLength(254);
        b.HasIndex(a => a.Address).IsUnique();
        b.Property(a => a.QueueCode).HasMaxLength(64);
        b.Property(a => a.CategoryCode).HasMaxLength(64);
        b.HasOne<Unit>().WithMany().HasForeignKey(a => a.UnitId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<EmailAddress>().WithMany().HasForeignKey(a => a.AliasOfId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ImapAccount> b)
    {
        b.Property(a => a.Name).HasMaxLength(100);
        b.Property(a => a.Host).HasMaxLength(253);
        b.Property(a => a.User).HasMaxLength(254);
        b.Property(a => a.ProtectedSecret).HasMaxLength(4000);
        b.Property(a => a.Folder).HasMaxLength(200);
        b.Property(a => a.MoveTo).HasMaxLength(200);
        b.Property(a => a.LastError).HasMaxLength(1000);
        b.HasOne<Unit>().WithMany().HasForeignKey(a => a.UnitId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<UnitEmailProfile> b)
    {
        b.HasKey(p => p.UnitId);
        b.Property(p => p.SignatureRo).HasMaxLength(2000);
        b.Property(p => p.SignatureEn).HasMaxLength(2000);
        b.Property(p => p.AutoReplySubjectRo).HasMaxLength(300);
        b.Property(p => p.AutoReplySubjectEn).HasMaxLength(300);
        b.Property(p => p.AutoReplyBodyRo).HasMaxLength(8000);
        b.Property(p => p.AutoReplyBodyEn).HasMaxLength(8000);
        b.HasOne<Unit>().WithMany().HasForeignKey(p => p.UnitId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<InboundEmail> b)
    {
        b.Property(m => m.MessageKey).HasMaxLength(300);
        b.HasIndex(m => m.MessageKey).IsUnique();
        b.Property(m => m.MessageId).HasMaxLength(998);
        b.Property(m => m.Sha256).HasMaxLength(64);
        b.Property(m => m.Source).HasMaxLength(8);
        b.Property(m => m.EnvelopeFrom).HasMaxLength(254);
        b.Property(m => m.ClientAddress).HasMaxLength(45);
        b.Property(m => m.Spf).HasMaxLength(8);
        b.Property(m => m.Dkim).HasMaxLength(8);
        b.Property(m => m.Dmarc).HasMaxLength(8);
        b.Property(m => m.SenderCheck).HasMaxLength(8);
        b.Property(m => m.Recipients).HasMaxLength(2000);
        b.Property(m => m.Sender).HasMaxLength(254);
        b.Property(m => m.Subject).HasMaxLength(300);
        b.Property(m => m.LastError).HasMaxLength(1000);
        b.Property(m => m.Outcome).HasMaxLength(100);
        b.Property(m => m.LeasedBy).HasMaxLength(100).IsConcurrencyToken();
        b.HasIndex(m => new { m.State, m.NextAttemptAt });
        b.HasIndex(m => new { m.ImapAccountId, m.ImapUidValidity, m.ImapUid });
        b.HasIndex(m => new { m.Sender, m.ReceivedAt });
        // The case's first message decides the address a reply is sent from (OutgoingThreading).
        b.HasIndex(m => new { m.CaseId, m.ReceivedAt });
    }
}
