namespace Ghiseu.Features.Units;

/// <summary>Where cases wait for work inside a unit, e.g. "Paris — civil status".</summary>
public sealed class Queue
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid UnitId { get; set; }
    public Unit? Unit { get; set; }

    /// <summary>Code unique within the unit (e.g. civil-status).</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }
}
