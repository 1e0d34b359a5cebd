using System.Security.Claims;
using Ghiseu.Data;

namespace Ghiseu.Web;

/// <summary>
/// The ambient actor of an HTTP request: its signed-in user (or "anonymous") and the client's address,
/// as forwarded headers left it. The one place that turns a request into an audit actor; features
/// read <see cref="GhiseuDb.Actor"/>.
/// </summary>
public sealed class RequestActor(IHttpContextAccessor http) : IAmbientActor
{
    public AuditActor? Current => From(http.HttpContext);

    public static AuditActor? From(HttpContext? http)
    {
        if (http is null) return null;
        var user = http.User;
        Guid? id = Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var g) ? g : null;
        return new AuditActor(id, user.Identity?.IsAuthenticated == true ? user.Identity.Name : "anonymous",
            http.Connection.RemoteIpAddress?.ToString());
    }
}
