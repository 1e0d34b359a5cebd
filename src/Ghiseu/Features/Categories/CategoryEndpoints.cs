using System.ComponentModel.DataAnnotations;
using Ghiseu.Data;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Identity;
using Ghiseu.Features.Units;
using Ghiseu.Web;
using Microsoft.EntityFrameworkCore;

namespace Ghiseu.Features.Categories;

public static class CategoryEndpoints
{
    public sealed record FieldDto(string Code, FieldType Type, bool Required, string LabelRo, string LabelEn, List<string>? Options);
    public sealed record CategoryDto(Guid Id, string Code, string Name, string NameRo, string NameEn, Guid? UnitId, string? DefaultQueue,
        Priority DefaultPriority, int? FirstResponseHours, int? ResolutionHours, int? LegalDeadlineDays, IEnumerable<FieldDto> Fields);
    public sealed record CategoryRequest(
        [Required, RegularExpression("^[a-z0-9-]{1,64}$", ErrorMessage = "Use lower-case letters, digits and dashes.")] string Code,
        [Required, StringLength(200)] string NameRo, [Required, StringLength(200)] string NameEn, string? Unit, string? DefaultQueue,
        Priority DefaultPriority = Priority.Normal, [Range(1, 8760)] int? FirstResponseHours = null, [Range(1, 87600)] int? ResolutionHours = null,
        [Range(1, 3650)] int? LegalDeadlineDays = null, List<FieldDto>? Fields = null, bool Active = true);

    public static IEndpointRouteBuilder MapCategoryEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/categories").WithTags("Categories").RequireAuthorization(Roles.StaffPolicy);
        g.MapGet("", ListAsync).WithSummary("Categories that apply to a unit (code or id), or all of them, with their form fields.");
        g.MapPost("", CreateAsync).RequireAuthorization(Roles.UnitAdminPolicy).WithSummary("Adds a category (unit or system administrators).");
        g.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(Roles.UnitAdminPolicy).WithSummary("Replaces a category's definition.");
        return app;
    }

    public static CategoryDto ToDto(Category c, string language) => new(c.Id, c.Code, language == "en" ? c.NameEn : c.NameRo, c.NameRo, c.NameEn,
        c.UnitId, c.DefaultQueueCode, c.DefaultPriority, c.FirstResponseHours, c.ResolutionHours, c.LegalDeadlineDays,
        c.Fields.Select(f => new FieldDto(f.Code, f.Type, f.Required, f.LabelRo, f.LabelEn, f.Options)));

    private static async Task<IResult> ListAsync(string? unit, string? lang, GhiseuDb db, UnitDirectory units, CategoryCatalog catalog, CancellationToken ct)
    {
        var language = lang == "en" ? "en" : "ro";
        if (unit is null)
            return TypedResults.Ok((await db.Categories.AsNoTracking().OrderBy(c => c.Code).ToListAsync(ct)).Select(c => ToDto(c, language)));
        var u = await units.FindAsync(unit, ct);
        if (u is null) return Problems.Validation(("unit", "No such unit."));
        return TypedResults.Ok((await catalog.ForUnitAsync(u.Id, ct)).Select(c => ToDto(c, language)));
    }

    private static async Task<IResult> CreateAsync(CategoryRequest request, GhiseuDb db, UnitDirectory units, CancellationToken ct)
    {
        var category = new Category { Code = request.Code, NameRo = request.NameRo, NameEn = request.NameEn };
        var error = await ApplyAsync(category, request, db, units, ct);
        if (error is not null) return error;
        if (await db.Categories.AnyAsync(c => c.Code == request.Code && c.UnitId == category.UnitId, ct))
            return Problems.Validation(("code", "A category with this code exists at this unit."));
        db.Categories.Add(category);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/categories/{category.Id}", ToDto(category, "ro"));
    }

    private static async Task<IResult> UpdateAsync(Guid id, CategoryRequest request, GhiseuDb db, UnitDirectory units, CancellationToken ct)
    {
        var category = await db.Categories.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (category is null || !CanAdminister(db.Scope, category.UnitId)) return Problems.NotFound();
        var error = await ApplyAsync(category, request, db, units, ct);
        if (error is not null) return error;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToDto(category, "ro"));
    }

    private static bool CanAdminister(AccessScope scope, Guid? unitId) => scope.All || (unitId is { } u && scope.Allows(u));

    private static async Task<IResult?> ApplyAsync(Category category, CategoryRequest r, GhiseuDb db, UnitDirectory units, CancellationToken ct)
    {
        Guid? unitId = null;
        if (r.Unit is not null)
        {
            var unit = await units.FindAsync(r.Unit, ct);
            if (unit is null) return Problems.Validation(("unit", "No such unit."));
            unitId = unit.Id;
        }
        if (!CanAdminister(db.Scope, unitId))
            return Problems.Validation(("unit", "Only system administrators define categories for every unit; name one of your units."));
        var fields = r.Fields ?? [];
        var errors = new List<(string, string)>();
        foreach (var (f, i) in fields.Select((f, i) => (f, i)))
        {
            if (string.IsNullOrWhiteSpace(f.Code) || string.IsNullOrWhiteSpace(f.LabelRo) || string.IsNullOrWhiteSpace(f.LabelEn))
                errors.Add(($"fields[{i}]", "A field needs a code and labels in Romanian and English."));
            if (f.Type is FieldType.Choice or FieldType.MultiChoice && (f.Options is null || f.Options.Count == 0))
                errors.Add(($"fields[{i}].options", "A choice field needs options."));
        }
        if (fields.GroupBy(f => f.Code).Any(g => g.Count() > 1)) errors.Add(("fields", "Field codes must be unique."));
        if (errors.Count > 0) return Problems.Validation([.. errors]);
        category.Code = r.Code; category.NameRo = r.NameRo; category.NameEn = r.NameEn; category.UnitId = unitId;
        category.DefaultQueueCode = r.DefaultQueue; category.DefaultPriority = r.DefaultPriority;
        category.FirstResponseHours = r.FirstResponseHours; category.ResolutionHours = r.ResolutionHours;
        category.LegalDeadlineDays = r.LegalDeadlineDays; category.Active = r.Active;
        category.Fields = [.. fields.Select(f => new FieldDefinition { Code = f.Code, Type = f.Type, Required = f.Required, LabelRo = f.LabelRo, LabelEn = f.LabelEn, Options = f.Options ?? [] })];
        return null;
    }
}
