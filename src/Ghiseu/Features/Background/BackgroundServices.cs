namespace Ghiseu.Features.Background;

public static class BackgroundServices
{
    /// <summary>
    /// The one background-work mechanism: leases named after the node (<see cref="NodeIdentity"/>),
    /// taken back at start (<see cref="LeaseRecovery"/>), and scheduled jobs (<see cref="JobRunner"/>).
    /// Register it before the features whose workers take leases: hosted services start in order.
    /// </summary>
    public static IServiceCollection AddBackground(this IServiceCollection s)
    {
        s.AddSingleton<NodeIdentity>().AddSingleton<NodeNameLock>();
        s.AddSingleton<ILeasedWork, JobLeaseWork>();
        s.AddHostedService<LeaseRecovery>();
        return s.AddHostedService<JobRunner>();
    }
}
