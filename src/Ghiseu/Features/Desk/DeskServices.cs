namespace Ghiseu.Features.Desk;

public static class DeskServices
{
    public static IServiceCollection AddDesk(this IServiceCollection s)
    {
        s.AddOptions<DeskOptions>().BindConfiguration(DeskOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return s.AddScoped<DeskInbox>();
    }
}
