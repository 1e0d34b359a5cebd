using System.Security.Claims;

namespace Ghiseu.Features.Identity.Staff;

public static class StaffEndpoints
{
    public static IServiceCollection AddStaffAdministration(this IServiceCollection services)
    {
        services.AddScoped<StaffDirectory>();
        services.AddScoped<StaffAdmin>();
        return services;
    }

    public static IEndpointRouteBuilder MapStaffEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/staff").WithTags("Staff").RequireAuthorization(Roles.UnitAdminPolicy);
        g.MapGet("", (ClaimsPrincipal u, [AsParameters] StaffQuery q, StaffAdmin s, CancellationToken ct) => s.ListAsync(u, q, ct))
            .WithSummary("Staff you administer, by name: q (name or email), unit, role, active; keyset pages of `limit` (50, at most 200) with nextCursor.");
        g.MapGet("/{id:guid}", (Guid id, ClaimsPrincipal u, StaffAdmin s, CancellationToken ct) => s.GetAsync(u, id, ct))
            .WithSummary("One staff account: roles, unit grants, state, last sign-in.");
        g.MapPost("", (StaffCreateRequest r, ClaimsPrincipal u, StaffAdmin s, CancellationToken ct) => s.CreateAsync(u, r, ct))
            .WithSummary("Creates a staff account; the answer carries its temporary password, shown this once, to be changed at first sign-in.");
        g.MapPatch("/{id:guid}", (Guid id, StaffUpdateRequest r, ClaimsPrincipal u, StaffAdmin s, CancellationToken ct) => s.UpdateAsync(u, id, r, ct))
            .WithSummary("Changes name, language, time zone, roles or unit grants; a change of roles or grants ends the person's sessions.");
        g.MapPost("/{id:guid}/deactivate", (Guid id, ClaimsPrincipal u, StaffAdmin s, CancellationToken ct) => s.DeactivateAsync(u, id, ct))
            .WithSummary("Deactivates the account: sign-in, sessions and personal access tokens stop working.");
        g.MapPost("/{id:guid}/reactivate", (Guid id, ClaimsPrincipal u, StaffAdmin s, CancellationToken ct) => s.ReactivateAsync(u, id, ct))
            .WithSummary("Reactivates the account and lifts a lockout.");
        g.MapPost("/{id:guid}/reset-password", (Guid id, ClaimsPrincipal u, StaffAdmin s, CancellationToken ct) => s.ResetPasswordAsync(u, id, ct))
            .WithSummary("Gives the account a new temporary password (shown this once) that must be changed at the next sign-in.");
        g.MapPost("/{id:guid}/reset-2fa", (Guid id, ClaimsPrincipal u, StaffAdmin s, CancellationToken ct) => s.ResetTwoFactorAsync(u, id, ct))
            .WithSummary("Turns two-factor sign-in off and removes the authenticator key and recovery codes.");
        return app;
    }
}
