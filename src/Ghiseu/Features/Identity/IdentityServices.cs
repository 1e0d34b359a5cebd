using System.Security.Claims;
using Ghiseu.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Ghiseu.Features.Identity;

public static class IdentityServices
{
    /// <summary>The scheme that picks bearer tokens, personal access tokens or the desk cookie per request.</summary>
    public const string SmartScheme = "ghiseu";

    public static IServiceCollection AddGhiseuIdentity(this IServiceCollection services)
    {
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Bearer, token or cookie", o => o.ForwardDefaultSelector = Select)
            .AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = TimeSpan.FromHours(1))
            .AddScheme<AuthenticationSchemeOptions, PersonalAccessTokenHandler>(PersonalAccessTokenHandler.Scheme, null)
            .AddIdentityCookies();

        services.AddIdentityCore<StaffUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                // No lockout: anyone could lock anyone out with five wrong passwords. SignInThrottle slows guessing instead.
                o.Lockout.AllowedForNewUsers = false;
                o.Tokens.AuthenticatorTokenProvider = TotpTokenProvider.Name;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<GhiseuDb>()
            .AddUserManager<StaffUserManager>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddTokenProvider<TotpTokenProvider>(TotpTokenProvider.Name);

        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.StaffPolicy, p => p.RequireRole(Roles.All))
            .AddPolicy(Roles.CaseWorkPolicy, p => p.RequireRole(Roles.CaseWorkers))
            .AddPolicy(Roles.KnowledgePolicy, p => p.RequireRole([.. Roles.CaseWorkers, Roles.KnowledgeEditor]))
            .AddPolicy(Roles.SupervisorPolicy, p => p.RequireRole(Roles.Supervisor, Roles.UnitAdmin, Roles.SystemAdmin))
            .AddPolicy(Roles.UnitAdminPolicy, p => p.RequireRole(Roles.UnitAdmin, Roles.SystemAdmin))
            .AddPolicy(Roles.SystemAdminPolicy, p => p.RequireRole(Roles.SystemAdmin))
            .AddPolicy(Roles.AuditPolicy, p => p.RequireRole(Roles.Auditor, Roles.SystemAdmin));

        services.AddScoped<UnitScopeResolver>();
        services.AddScoped<PersonalAccessTokens>();
        services.AddSingleton<SignInThrottle>();
        return services;
    }

    private static string Select(HttpContext context)
    {
        string auth = context.Request.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return auth.AsSpan(7).TrimStart().StartsWith(PersonalAccessTokens.TokenPrefix, StringComparison.Ordinal)
                ? PersonalAccessTokenHandler.Scheme
                : IdentityConstants.BearerScheme;
        return context.Request.Path.StartsWithSegments("/api") ? IdentityConstants.BearerScheme : IdentityConstants.ApplicationScheme;
    }

    /// <summary>The signed-in staff member's id, when there is one.</summary>
    public static Guid? StaffId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
