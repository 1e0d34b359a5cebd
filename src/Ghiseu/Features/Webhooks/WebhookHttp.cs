using System.Net.Sockets;

namespace Ghiseu.Features.Webhooks;

/// <summary>
/// The HTTP client of deliveries. Every connection resolves the host itself and connects only to an
/// address <see cref="WebhookAddresses"/> allows, so a DNS answer changed after registration
/// (rebinding) reaches nothing internal. No proxy (it would connect on our behalf, unchecked), no
/// redirects (a 30x to an internal address would be followed without a check), no cookies.
/// </summary>
public sealed class WebhookHttp : IDisposable
{
    /// <summary>What a refused connection's error starts with, in the delivery log.</summary>
    public const string Refused = "refused: ";

    public HttpClient Client { get; }

    public WebhookHttp(WebhookAddresses addresses, Microsoft.Extensions.Options.IOptions<WebhookOptions> options)
    {
        var timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = Math.Max(1, options.Value.ConcurrencyPerHook),
            MaxResponseHeadersLength = 16,
            ConnectCallback = async (context, ct) =>
            {
                var host = context.DnsEndPoint.Host;
                var allowed = await addresses.AllowedAddressesAsync(host, ct);
                if (allowed.Length == 0) throw new HttpRequestException($"{Refused}{host} resolves to no public address");
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        Client = new HttpClient(handler) { Timeout = timeout };
        Client.DefaultRequestHeaders.UserAgent.ParseAdd("Ghiseu-Webhooks/1");
    }

    public void Dispose() => Client.Dispose();
}
