namespace Ghiseu.Features.Identity.Staff;

/// <summary>Access to a unit (by code) and, when <see cref="IncludeSubtree"/>, to every unit below it.</summary>
public sealed record StaffGrant(string Unit, bool IncludeSubtree = true);

/// <summary>A staff account as administrators see it; never its password or keys.</summary>
public sealed record StaffDto(Guid Id, string Email, string DisplayName, string Language, string TimeZone,
    IReadOnlyList<string> Roles, IReadOnlyList<StaffGrant> Grants, bool Active, bool TwoFactorEnabled, bool LockedOut,
    bool MustChangePassword, DateTimeOffset? LastSignIn);

public sealed record StaffList(IReadOnlyList<StaffDto> Items, string? NextCursor);

public sealed record StaffCreateRequest(string? Email, string? DisplayName, string? Language, string? TimeZone,
    string[]? Roles, StaffGrant[]? Grants);

/// <summary>A merge patch: members left out (null) keep their value; roles and grants, when given, replace the old ones.</summary>
public sealed record StaffUpdateRequest(string? DisplayName = null, string? Language = null, string? TimeZone = null,
    string[]? Roles = null, StaffGrant[]? Grants = null);

/// <summary>The new account with its temporary password, which is shown this once and never stored in clear.</summary>
public sealed record StaffCreated(StaffDto Staff, string TemporaryPassword);

public sealed record PasswordReset(string TemporaryPassword);

public sealed record StaffQuery(string? Q = null, string? Unit = null, string? Role = null, bool? Active = null, string? Cursor = null, int? Limit = null);
