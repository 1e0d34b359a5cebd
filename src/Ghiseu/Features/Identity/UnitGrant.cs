namespace Ghiseu.Features.Identity;

/// <summary>Access of a staff member to a unit and, by default, every unit below it.</summary>
public sealed class UnitGrant
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    public Guid UnitId { get; set; }
    public bool IncludeSubtree { get; set; } = true;
}
