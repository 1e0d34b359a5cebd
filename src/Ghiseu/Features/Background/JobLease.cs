using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ghiseu.Features.Background;

/// <summary>
/// One scheduled job (<see cref="IScheduledJob"/>) across every node: when it runs next, and which
/// node runs it now. The conditional update that sets <see cref="LeasedBy"/> is the lease.
/// </summary>
public sealed class JobLease : ILeasedRow
{
    public required string Name { get; set; }
    public string? LeasedBy { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset NextRunAt { get; set; }
    public DateTimeOffset? LastRunAt { get; set; }
    public string? LastError { get; set; }
    public long Runs { get; set; }

    /// <summary>Failed runs in a row; each waits longer before the next.</summary>
    public int Failures { get; set; }
}

internal sealed class JobLeaseConfiguration : IEntityTypeConfiguration<JobLease>
{
    public void Configure(EntityTypeBuilder<JobLease> b)
    {
        b.HasKey(j => j.Name);
        b.Property(j => j.Name).HasMaxLength(100);
        b.Property(j => j.LeasedBy).HasMaxLength(100);
        b.Property(j => j.LastError).HasMaxLength(1000);
    }
}

/// <summary>Work that runs now and then on exactly one node at a time (see <see cref="JobRunner"/>).</summary>
public interface IScheduledJob
{
    /// <summary>Unique, stable: the job's row in <see cref="JobLease"/>.</summary>
    string Name { get; }

    /// <summary>Off jobs are not run (their settings turn them off).</summary>
    bool Enabled { get; }

    /// <summary>One run. Returns how long to wait before the next run. Cancelled on shutdown or when the lease is lost.</summary>
    Task<TimeSpan> RunAsync(CancellationToken ct);
}
