namespace Ghiseu.Features.Citizens;

/// <summary>A person served by the administration, matched across channels so each has one history.</summary>
public sealed class Citizen
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }

    /// <summary>Romanian personal numeric code; checksum-validated when present.</summary>
    public string? Cnp { get; set; }

    /// <summary>When staff confirmed the CNP against an identity document; only then does it match unauthenticated input.</summary>
    public DateTimeOffset? CnpVerifiedAt { get; set; }

    /// <summary>ISO 3166 alpha-2 country of residence.</summary>
    public string? Country { get; set; }

    /// <summary>ro or en.</summary>
    public string Language { get; set; } = "ro";

    /// <summary>Lower-cased, diacritic-free name for search.</summary>
    public string SearchName { get; set; } = "";

    /// <summary>When set, this record was merged into another citizen and is kept only for history.</summary>
    public Guid? MergedIntoId { get; set; }

    /// <summary>Unit whose staff created the record; they see it before it has any case.</summary>
    public Guid? CreatedInUnitId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public List<ContactPoint> ContactPoints { get; set; } = [];
}
