using Microsoft.Extensions.DependencyInjection.Extensions;
using Ghiseu.Features.Desk.Live;

namespace Ghiseu.Features.Desk;

public static class DeskServices
{
    public static IServiceCollection AddDeskApi(this IServiceCollection s)
    {
        s.AddOptions<InboxOptions>().BindConfiguration(InboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        s.AddScoped<DeskInbox>().AddScoped<BulkActions>().AddScoped<Workload>().AddScoped<SavedViews>();
        return s.AddDeskLive();
    }

    /// <summary>
    /// The live channel, in process. To run several nodes, add the Redis backplane here
    /// (<c>.AddStackExchangeRedis(...)</c>) so a change relayed by one node reaches clients of all.
    /// </summary>
    public static IServiceCollection AddDeskLive(this IServiceCollection s)
    {
        s.AddSignalR();
        s.AddSingleton<PresenceTracker>();
        s.TryAddSingleton<DeskEvents>();
        s.AddHostedService<CaseEventRelay>();
        return s;
    }
}
