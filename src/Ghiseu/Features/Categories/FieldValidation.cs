using System.Globalization;

namespace Ghiseu.Features.Categories;

/// <summary>Checks submitted form values against a category's field definitions.</summary>
public static class FieldValidation
{
    /// <summary>Returns errors keyed "fields.code"; values of unknown fields are refused.</summary>
    public static List<(string Field, string Message)> Check(Category category, IReadOnlyDictionary<string, string>? values, bool english)
    {
        values ??= new Dictionary<string, string>();
        var errors = new List<(string, string)>();
        foreach (var key in values.Keys.Where(k => category.Fields.All(f => f.Code != k)))
            errors.Add(($"fields.{key}", english ? "This field does not belong to the category." : "Câmpul nu aparține categoriei."));
        foreach (var f in category.Fields)
        {
            var label = english ? f.LabelEn : f.LabelRo;
            values.TryGetValue(f.Code, out var v);
            if (string.IsNullOrWhiteSpace(v))
            {
                if (f.Required && f.Type != FieldType.File)
                    errors.Add(($"fields.{f.Code}", english ? $"{label} is required." : $"{label} este obligatoriu."));
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
            if (!ok) errors.Add(($"fields.{f.Code}", Message(f, label, english)));
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

    private static string Message(FieldDefinition f, string label, bool en) => f.Type switch
    {
        FieldType.Number => en ? $"{label} must be a number." : $"{label} trebuie să fie un număr.",
        FieldType.Date => en ? $"{label} must be a date (YYYY-MM-DD)." : $"{label} trebuie să fie o dată (AAAA-LL-ZZ).",
        FieldType.Choice or FieldType.MultiChoice => (en ? $"{label} must be one of: " : $"{label} trebuie să fie una dintre: ") + string.Join(", ", f.Options),
        FieldType.Location => en ? $"{label} must be \"latitude,longitude\"." : $"{label} trebuie să fie „latitudine,longitudine”.",
        _ => en ? $"{label} is too long." : $"{label} este prea lung.",
    };
}
