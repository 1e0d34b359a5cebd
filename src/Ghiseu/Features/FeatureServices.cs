using Ghiseu.Features.Attachments;
using Ghiseu.Features.Audit;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Categories;
using Ghiseu.Features.Citizens;
using Ghiseu.Features.Demo;
using Ghiseu.Features.Outbox;
using Ghiseu.Features.Units;

namespace Ghiseu.Features;

/// <summary>The Add&lt;Feature&gt; registrations of the smaller features, each a few lines.</summary>
public static class FeatureServices
{
    public static IServiceCollection AddUnits(this IServiceCollection s) => s.AddSingleton<UnitDirectory>();

    public static IServiceCollection AddCategories(this IServiceCollection s) => s.AddScoped<CategoryCatalog>();

    public static IServiceCollection AddCitizens(this IServiceCollection s) => s.AddScoped<CitizenDirectory>().AddScoped<CitizenMerge>().AddScoped<MatchSuggestions>();

    public static IServiceCollection AddCases(this IServiceCollection s) =>
        s.AddScoped<CaseIntake>().AddScoped<CitizenMessages>().AddScoped<CaseReader>().AddScoped<CaseWork>();

    public static IServiceCollection AddAttachments(this IServiceCollection s)
    {
        s.AddOptions<AttachmentOptions>().BindConfiguration(AttachmentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // A multipart body may carry as many files of the largest size as an upload allows.
        s.AddOptions<Microsoft.AspNetCore.Http.Features.FormOptions>().Configure<Microsoft.Extensions.Options.IOptions<AttachmentOptions>>((form, a) =>
            form.MultipartBodyLengthLimit = a.Value.MaxUploadRequestBytes);
        return s.AddSingleton<FileStore>().AddScoped<AttachmentService>();
    }

    public static IServiceCollection AddAudit(this IServiceCollection s) =>
        s.AddScoped<AuditLog>().AddSingleton<Data.IAuditTrail, AuditInterceptor>().AddAuditedEntities();

    public static IServiceCollection AddOutbox(this IServiceCollection s) =>
        s.AddSingleton<Background.ILeasedWork, OutboxLeases>().AddHostedService<OutboxDispatcher>();

    public static IServiceCollection AddDemo(this IServiceCollection s)
    {
        s.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return s;
    }
}
