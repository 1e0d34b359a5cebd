using Ghiseu.Features.Notifications;

namespace Ghiseu.Features.Channels.Email;

public static class EmailServices
{
    public static IServiceCollection AddEmailChannel(this IServiceCollection s)
    {
        s.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        s.AddSingleton<EmailRouting>().AddSingleton<InboundSignal>().AddSingleton<InboundStore>().AddSingleton<SenderLimiter>();
        s.AddScoped<ThreadFinder>().AddScoped<EmailProcessor>().AddSingleton<EmailPreparer>()
            .AddSingleton<DnsLookup>().AddSingleton<PublicSuffixList>().AddSingleton<SenderAuthenticator>();
        s.AddSingleton<PasswordImapAuthenticator>().AddSingleton<IImapAuthenticator>(sp => sp.GetRequiredService<PasswordImapAuthenticator>());
        s.AddSingleton<IOutgoingEmailDecorator, OutgoingThreading>();
        s.AddSingleton<SmtpListener>().AddHostedService(sp => sp.GetRequiredService<SmtpListener>());
        s.AddHostedService<InboundWorker>().AddSingleton<Background.ILeasedWork, InboundLeases>();
        s.AddSingleton<ImapPoller>().AddSingleton<Background.IScheduledJob>(sp => sp.GetRequiredService<ImapPoller>());
        s.AddHealthChecks().AddCheck<SmtpListener>("smtp", tags: ["ready"]);
        return s;
    }
}
