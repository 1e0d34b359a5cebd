namespace Ghiseu.Features.Cases;

/// <summary>The last registration sequence handed out for a unit and year.</summary>
public sealed class RegistrationCounter
{
    public Guid UnitId { get; set; }
    public int Year { get; set; }
    public long Last { get; set; }
}
