using Ghiseu.Features.Cases;

namespace Ghiseu.Features.Categories;

/// <summary>What a case is about, with its form fields, default routing, priority and deadlines.</summary>
public sealed class Category
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Stable code (passport, civil-status, pothole…), unique within its scope.</summary>
    public required string Code { get; set; }

    public required string NameRo { get; set; }
    public required string NameEn { get; set; }

    /// <summary>The unit subtree the category belongs to; null means every unit.</summary>
    public Guid? UnitId { get; set; }

    /// <summary>Code of the queue a new case of this category goes to inside its unit.</summary>
    public string? DefaultQueueCode { get; set; }

    public Priority DefaultPriority { get; set; } = Priority.Normal;

    /// <summary>Hours until the first response is due; null for no target.</summary>
    public int? FirstResponseHours { get; set; }

    /// <summary>Hours until resolution is due; null for no target.</summary>
    public int? ResolutionHours { get; set; }

    /// <summary>Calendar days of the legal deadline (30 for petitions under OG 27/2002).</summary>
    public int? LegalDeadlineDays { get; set; }

    public bool Active { get; set; } = true;

    public List<FieldDefinition> Fields { get; set; } = [];
}
