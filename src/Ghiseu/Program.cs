using Ghiseu.Data;
using Ghiseu.Features;
using Ghiseu.Features.Attachments;
using Ghiseu.Features.Audit;
using Ghiseu.Features.Background;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Categories;
using Ghiseu.Features.Channels.Email;
using Ghiseu.Features.Citizens;
using Ghiseu.Features.Demo;
using Ghiseu.Features.Desk;
using Ghiseu.Features.Events;
using Ghiseu.Features.Identity;
using Ghiseu.Features.Identity.Staff;
using Ghiseu.Features.Knowledge;
using Ghiseu.Features.Notifications;
using Ghiseu.Features.Portal;
using Ghiseu.Features.Units;
using Ghiseu.Features.Webhooks;
using Ghiseu.Web;

// `migrate` and `create-admin` are one-off commands run by operators; anything else starts the server.
var command = args.FirstOrDefault() is "migrate" or "create-admin" ? args[0] : null;
var builder = WebApplication.CreateBuilder(command is null ? args : []);
// `./ghiseu run` serves from the build output, where CSS and scripts (and their compressed copies)
// are found through the build's manifest in every environment; a published app has no such manifest.
builder.WebHost.UseStaticWebAssets();

builder.Services.AddGhiseuWeb(builder.Configuration);
builder.Services.AddGhiseuPages();
builder.Services.AddGhiseuMetrics();
builder.Services.AddGhiseuData(builder.Configuration);
builder.Services.AddGhiseuIdentity();
builder.Services.AddStaffAdministration();
builder.Services.AddUnits();
builder.Services.AddCategories();
builder.Services.AddCitizens();
builder.Services.AddCases();
builder.Services.AddAttachments();
builder.Services.AddAudit();
builder.Services.AddBackground();
builder.Services.AddCaseEvents();
builder.Services.AddWebhooks();
builder.Services.AddOutbox();
builder.Services.AddNotifications();
builder.Services.AddKnowledge();
builder.Services.AddPortal();
builder.Services.AddEmailChannel();
builder.Services.AddDeskPages();
builder.Services.AddDemo();
builder.Services.AddDeskApi();

var app = builder.Build();

if (command == "migrate")
{
    await DatabaseStartup.MigrateAsync(app.Services);
    Console.WriteLine("Database is up to date.");
    return 0;
}
if (DatabaseStartup.MigrateOnStart(app.Services)) await DatabaseStartup.MigrateAsync(app.Services);
if (command == "create-admin") return await AdminCommand.RunAsync(app.Services, args);
await DemoSeeder.SeedIfEmptyAsync(app.Services);

app.UseGhiseuWeb();
app.MapAuthEndpoints();
app.MapStaffEndpoints();
app.MapUnitEndpoints();
app.MapCategoryEndpoints();
app.MapCitizenEndpoints();
app.MapCaseEndpoints();
app.MapAttachmentEndpoints();
app.MapAuditEndpoints(Roles.AuditPolicy);
app.MapEventEndpoints();
app.MapWebhookEndpoints();
app.MapKnowledgeEndpoints();
app.MapPortalEndpoints();
app.MapDeskApi();
app.MapEmailEndpoints();
app.MapGhiseuHealth();
app.MapGhiseuMetrics();
app.MapDeskEndpoints();
app.MapGhiseuPages();

await app.RunAsync();
return 0;

/// <summary>Entry point; public so integration tests can host it.</summary>
public partial class Program;
