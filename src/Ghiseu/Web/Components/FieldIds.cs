namespace Ghiseu.Web.Components;

/// <summary>Element ids for form fields, derived from the field names the services report errors under ("citizen.email").</summary>
public static class FieldIds
{
    public static string For(string field) => "f-" + field.Replace('.', '-').ToLowerInvariant();

    /// <summary>aria-describedby value for a field: its hint (when it has one) and its error (when there is one).</summary>
    public static string? DescribedBy(string field, IReadOnlyList<(string Field, string Message)> errors, bool hint = false)
    {
        var ids = new List<string>();
        if (hint) ids.Add($"{For(field)}-hint");
        if (errors.Any(e => string.Equals(e.Field, field, StringComparison.OrdinalIgnoreCase))) ids.Add($"{For(field)}-error");
        return ids.Count == 0 ? null : string.Join(' ', ids);
    }

    public static bool Invalid(string field, IReadOnlyList<(string Field, string Message)> errors) =>
        errors.Any(e => string.Equals(e.Field, field, StringComparison.OrdinalIgnoreCase));
}
