namespace Ghiseu.Features.Cases;

/// <summary>A directed link between two cases: this case is a duplicate of, related to, or a child of the target.</summary>
public sealed class CaseLink
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CaseId { get; set; }
    public Guid TargetCaseId { get; set; }
    public LinkKind Kind { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public Guid? CreatedBy { get; set; }
}
