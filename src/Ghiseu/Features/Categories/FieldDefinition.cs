namespace Ghiseu.Features.Categories;

public enum FieldType { Text, Number, Date, Choice, MultiChoice, File, Location }

/// <summary>One field of a category's form; stored as JSON inside the category.</summary>
public sealed class FieldDefinition
{
    public required string Code { get; set; }
    public FieldType Type { get; set; }
    public bool Required { get; set; }
    public required string LabelRo { get; set; }
    public required string LabelEn { get; set; }

    /// <summary>Allowed values for choice fields.</summary>
    public List<string> Options { get; set; } = [];
}
