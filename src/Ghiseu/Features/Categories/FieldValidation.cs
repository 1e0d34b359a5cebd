using System.Globalization;
using Ghiseu.Web.Resources;

namespace Ghiseu.Features.Categories;

/// <summary>Checks submitted form values against a category's field definitions, in the caller's language.</summary>
public static class FieldValidation
{
    /// <summary>Returns errors keyed "fields.code"; values of unknown fields are refused.</summary>
    public static List<(string Field, string Message)> Check(Category category, IReadOnlyDictionary<string, string>? values)
    {
        values ??= new Dictionary<string, string>();
        var romanian = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ro";
        var errors = new List<(string, string)>();
        foreach (var key in values.Keys.Where(k => category.Fields.All(f => f.Code != k)))
            errors.Add(($"fields.{key}", Messages.FieldUnknown));
        foreach (var f in category.Fields)
        {
            var label = romanian ? f.LabelRo : f.LabelEn;
            values.TryGetValue(f.Code, out var v);
            if (string.IsNullOrWhiteSpace(v))
            {
                if (f.Required && f.Type != FieldType.File) errors.Add(($"fields.{f.Code}", Format(Messages.FieldRequired, label)));
                continue;
            }
            var ok = f.Type switch
            {
                FieldType.Number => decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out _),
                FieldType.Date => DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                FieldType.Choice => f.Options.Contains(v),
                FieldType.MultiChoice => v.Split(',', StringSplitOptions.TrimEntries).All(f.Options.Contains),
                FieldType.Location => IsLocation(v),
                _ => v.Length <= 4000,
            };
            if (!ok) errors.Add(($"fields.{f.Code}", Message(f, label)));
        }
        return errors;
    }

    private static bool IsLocation(string v)
    {
        var parts = v.Split(',', StringSplitOptions.TrimEntries);
        return parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat) && lat is >= -90 and <= 90
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon) && lon is >= -180 and <= 180;
    }

    private static string Message(FieldDefinition f, string label) => f.Type switch
    {
        FieldType.Number => Format(Messages.FieldNumber, label),
        FieldType.Date => Format(Messages.FieldDate, label),
        FieldType.Choice or FieldType.MultiChoice => Format(Messages.FieldChoice, label, string.Join(", ", f.Options)),
        FieldType.Location => Format(Messages.FieldLocation, label),
        _ => Format(Messages.FieldTooLong, label),
    };

    private static string Format(string template, params object[] args) => string.Format(CultureInfo.CurrentCulture, template, args);
}
