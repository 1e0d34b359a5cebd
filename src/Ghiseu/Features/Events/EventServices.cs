using Ghiseu.Features.Background;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Ghiseu.Features.Events;

public static class EventServices
{
    /// <summary>Case events written with every case change, their retention, and the subscriber jobs.</summary>
    public static IServiceCollection AddCaseEvents(this IServiceCollection s)
    {
        s.AddSingleton<ISaveChangesInterceptor, CaseEventInterceptor>();
        s.AddSingleton<CaseEventLog>();
        s.AddSingleton<IScheduledJob, EventRetention>();
        return s;
    }

    /// <summary>Registers a subscriber of case events, delivered on exactly one node by its own job.</summary>
    public static IServiceCollection AddCaseEventSubscriber<T>(this IServiceCollection s) where T : class, ICaseEventSubscriber =>
        s.AddSingleton<T>().AddCaseEventSubscriber(sp => sp.GetRequiredService<T>());

    /// <summary>Registers a subscriber made by <paramref name="make"/> (one instance).</summary>
    public static IServiceCollection AddCaseEventSubscriber(this IServiceCollection s, Func<IServiceProvider, ICaseEventSubscriber> make)
    {
        var key = new object();
        s.AddKeyedSingleton(key, (sp, _) => make(sp));
        s.AddSingleton(sp => sp.GetRequiredKeyedService<ICaseEventSubscriber>(key));
        return s.AddSingleton<IScheduledJob>(sp => ActivatorUtilities.CreateInstance<SubscriberJob>(sp, sp.GetRequiredKeyedService<ICaseEventSubscriber>(key)));
    }
}
