using Ghiseu.Data;
using Ghiseu.Features;
using Ghiseu.Features.Attachments;
using Ghiseu.Features.Audit;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Categories;
using Ghiseu.Features.Citizens;
using Ghiseu.Features.Demo;
using Ghiseu.Features.Identity;
using Ghiseu.Features.Units;
using Ghiseu.Web;

var builder = WebApplication.CreateBuilder(args.Where(a => a != "migrate").ToArray());

builder.Services.AddGhiseuWeb(builder.Configuration);
builder.Services.AddGhiseuData(builder.Configuration);
builder.Services.AddGhiseuIdentity();
builder.Services.AddUnits();
builder.Services.AddCategories();
builder.Services.AddCitizens();
builder.Services.AddCases();
builder.Services.AddAttachments();
builder.Services.AddAudit();
builder.Services.AddOutbox();
builder.Services.AddDemo();

var app = builder.Build();

if (args.Contains("migrate"))
{
    await DatabaseStartup.MigrateAsync(app.Services);
    Console.WriteLine("Database is up to date.");
    return;
}
if (DatabaseStartup.MigrateOnStart(app.Services)) await DatabaseStartup.MigrateAsync(app.Services);
await DemoSeeder.SeedIfEmptyAsync(app.Services);

app.UseGhiseuWeb();
app.MapAuthEndpoints();
app.MapUnitEndpoints();
app.MapCategoryEndpoints();
app.MapCitizenEndpoints();
app.MapCaseEndpoints();
app.MapAttachmentEndpoints();
app.MapAuditEndpoints();
app.MapGhiseuHealth();

await app.RunAsync();

/// <summary>Entry point; public so integration tests can host it.</summary>
public partial class Program;
