using Ghiseu.Features.Portal.SignIn;

namespace Ghiseu.Features.Portal;

public static class PortalServices
{
    public static IServiceCollection AddPortal(this IServiceCollection s)
    {
        // Citizens have their own cookie, apart from staff sign-in: it proves an email address, nothing more.
        s.AddAuthentication().AddCookie(CitizenSignIn.Scheme, o =>
        {
            o.Cookie.Name = "ghiseu.citizen";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(2);
            o.SlidingExpiration = true;
            o.LoginPath = "/signin";
            o.AccessDeniedPath = "/signin";
        });
        return s.AddScoped<PortalCases>().AddScoped<PortalSubmissions>().AddScoped<CitizenSignIn>();
    }
}
