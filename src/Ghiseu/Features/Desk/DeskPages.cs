using System.ComponentModel.DataAnnotations;
using Ghiseu.Features.Desk.Canned;
using Ghiseu.Features.Desk.SignIn;
using Ghiseu.Features.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Ghiseu.Features.Desk;

/// <summary>Settings under Ghiseu:Desk.</summary>
public sealed class DeskOptions
{
    public const string Section = "Ghiseu:Desk";

    /// <summary>Minutes without activity after which a desk session ends.</summary>
    [Range(5, 24 * 60)]
    public int SessionMinutes { get; set; } = 30;
}

/// <summary>The staff desk's pages: cookie sign-in with a second factor, and interactive sessions scoped to the user's units.</summary>
public static class DeskPages
{
    public static IServiceCollection AddDeskPages(this IServiceCollection s)
    {
        s.AddOptions<DeskOptions>().BindConfiguration(DeskOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        s.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<Microsoft.Extensions.Options.IOptions<DeskOptions>>((o, desk) =>
            {
                o.Cookie.Name = "ghiseu.staff";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromMinutes(desk.Value.SessionMinutes);
                o.SlidingExpiration = true;
                o.LoginPath = "/desk/signin";
                o.AccessDeniedPath = "/desk/signin";
            });
        // A password change or "sign out everywhere" ends other sessions within a minute.
        s.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        s.AddCascadingAuthenticationState();
        s.AddScoped<AuthenticationStateProvider, DeskAuthenticationState>();
        s.AddScoped<CircuitHandler, DeskCircuitHandler>();
        s.AddScoped<Pages.DeskWork>().AddScoped<Pages.DeskCommands>();
        s.AddScoped<Canned.CannedResponses>();
        s.AddSingleton<Live.DeskEvents>();
        s.AddSingleton<Live.DeskPresence>();
        s.AddSingleton<Outbox.IOutboxHandler, MentionMail>();
        s.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.ISaveChangesInterceptor, Live.DeskEventsInterceptor>();
        return s;
    }

    public static IEndpointRouteBuilder MapDeskEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/desk/signout", SignOutAsync).RequireAuthorization(Roles.StaffPolicy).ExcludeFromDescription();
        app.MapCannedEndpoints();
        app.MapGet("/desk/files/{id:guid}", DownloadAsync).RequireAuthorization(Roles.StaffPolicy).ExcludeFromDescription();
        return app;
    }

    /// <summary>A file of a case the user may see (the query filter answers 404 otherwise), recorded in the audit trail.</summary>
    private static async Task<IResult> DownloadAsync(Guid id, Data.GhiseuDb db, Attachments.FileStore store, Audit.AuditLog audit, HttpResponse response, CancellationToken ct)
    {
        var a = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(db.Attachments, x => x.Id == id, ct);
        if (a is null || store.Open(a.Sha256) is not { } stream) return Results.NotFound();
        await audit.RecordAsync("download", "Attachment", a.Id.ToString(), a.UnitId, ct: ct);
        return Attachments.AttachmentDownloads.Serve(response, stream, a);
    }

    /// <summary>Ends this session; with everywhere=true, a new security stamp ends every other one too.</summary>
    private static async Task<IResult> SignOutAsync([FromForm] string? everywhere, HttpContext http, SignInManager<StaffUser> signIn, UnitScopeResolver scopes)
    {
        if (everywhere == "true" && await signIn.UserManager.GetUserAsync(http.User) is { } user)
        {
            await signIn.UserManager.UpdateSecurityStampAsync(user);
            scopes.Forget(user.Id);
        }
        await signIn.SignOutAsync();
        return Results.LocalRedirect("/desk/signin");
    }
}
