using Microsoft.AspNetCore.Identity;

namespace Ghiseu.Features.Identity;

/// <summary>A member of staff who signs in to the desk or the API.</summary>
public sealed class StaffUser : IdentityUser<Guid>
{
    public StaffUser() => Id = Guid.CreateVersion7();

    public required string DisplayName { get; set; }

    /// <summary>ro or en: the language of the desk for this user.</summary>
    public string Language { get; set; } = "ro";

    /// <summary>IANA time zone in which dates are shown to this user.</summary>
    public string TimeZone { get; set; } = "Europe/Bucharest";

    /// <summary>Set by an administrator; the first sign-in then forces a new password.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>Last TOTP time step accepted, so a code cannot be replayed within its window.</summary>
    public long LastTotpStep { get; set; }

    public bool Active { get; set; } = true;
    public List<UnitGrant> Grants { get; set; } = [];
}
