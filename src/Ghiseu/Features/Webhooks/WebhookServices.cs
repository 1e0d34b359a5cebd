using Ghiseu.Features.Background;
using Ghiseu.Features.Events;

namespace Ghiseu.Features.Webhooks;

public static class WebhookServices
{
    /// <summary>Webhooks: registration, the subscriber that queues deliveries, the sender and the log's retention.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection s)
    {
        s.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.AllowedNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)), "Ghiseu:Webhooks:AllowedNetworks must be CIDR networks (10.20.0.0/16).")
            .ValidateOnStart();
        s.AddSingleton<HostResolver>().AddSingleton<WebhookAddresses>().AddSingleton<WebhookHttp>().AddSingleton<WebhookSignature>();
        s.AddSingleton<WebhookDispatch>();
        s.AddScoped<WebhookAdmin>().AddScoped<WebhookLog>();
        s.AddCaseEventSubscriber<WebhookFanOut>();
        s.AddSingleton<IScheduledJob, WebhookSender>().AddSingleton<IScheduledJob, WebhookRetention>();
        return s;
    }
}
