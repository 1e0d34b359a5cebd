namespace Ghiseu.Features.Desk.Live;

/// <summary>
/// Browsers cannot send an Authorization header on a WebSocket or EventSource, so SignalR clients send
/// the token as <c>access_token</c> in the query. For the hub paths only, it becomes the header the
/// authentication schemes already read. Runs before authentication.
/// </summary>
public static class HubTokens
{
    public static Task FromQuery(HttpContext context, Func<Task> next)
    {
        if (context.Request.Path.StartsWithSegments("/hubs")
            && string.IsNullOrEmpty(context.Request.Headers.Authorization)
            && context.Request.Query["access_token"] is [{ Length: > 0 } token])
            context.Request.Headers.Authorization = $"Bearer {token}";
        return next();
    }
}
