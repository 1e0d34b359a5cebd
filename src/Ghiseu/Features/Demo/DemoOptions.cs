using System.ComponentModel.DataAnnotations;

namespace Ghiseu.Features.Demo;

/// <summary>Settings under Ghiseu:Demo.</summary>
public sealed class DemoOptions
{
    public const string Section = "Ghiseu:Demo";

    /// <summary>Seed an empty database with the demo organization, staff and cases.</summary>
    public bool Enabled { get; set; }

    /// <summary>Password of every demo staff account.</summary>
    [Required, MinLength(10)]
    public string Password { get; set; } = "Ghiseu-Demo-2026";

    /// <summary>How many demo cases to create.</summary>
    [Range(0, 1_000_000)]
    public int Cases { get; set; } = 4000;

    /// <summary>Token in the URL of the demo PBX integration.</summary>
    public string CtiToken { get; set; } = "demo-cti-token";

    /// <summary>API key of the demo Open311 client.</summary>
    public string Open311ApiKey { get; set; } = "demo-open311-key";

    /// <summary>Seed for the generator, so two demo databases hold the same cases.</summary>
    public int RandomSeed { get; set; } = 2026;
}
