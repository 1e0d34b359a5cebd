namespace Ghiseu.Features.Units;

/// <summary>An organizational unit (ministry, mission, department, city hall service); units form a tree.</summary>
public sealed class Unit
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Stable code used by integrators and in registration numbers (e.g. PAR).</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }
    public string? NameEn { get; set; }
    public Guid? ParentId { get; set; }
    public Unit? Parent { get; set; }

    /// <summary>IANA time zone of the unit, used for its due dates and displayed times.</summary>
    public string TimeZone { get; set; } = "Europe/Bucharest";

    /// <summary>ISO 3166 country the unit serves, when it is a mission abroad.</summary>
    public string? Country { get; set; }

    /// <summary>Email address citizens write to for this unit.</summary>
    public string? Email { get; set; }
}
