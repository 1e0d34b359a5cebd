using Ghiseu.Features.Outbox;

namespace Ghiseu.Features.Notifications;

public static class NotificationServices
{
    public static IServiceCollection AddNotifications(this IServiceCollection s)
    {
        s.AddOptions<OutboundEmailOptions>().BindConfiguration(OutboundEmailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        s.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        s.AddOptions<PortalLinkOptions>().BindConfiguration(PortalLinkOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        s.AddScoped<Notifier>();
        s.AddSingleton<EmailSender>();
        s.AddHttpClient<SmsGateway>(c => c.Timeout = TimeSpan.FromSeconds(20));
        s.AddSingleton<IOutboxHandler, EmailDeliveryHandler>();
        s.AddSingleton<IOutboxHandler, SmsDeliveryHandler>();
        return s;
    }
}
