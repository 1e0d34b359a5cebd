using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Ghiseu.Features.Webhooks;

/// <summary>Resolves a host name; replaced in tests to play a DNS answer that changes (rebinding).</summary>
public class HostResolver
{
    public virtual Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) => Dns.GetHostAddressesAsync(host, ct);
}

/// <summary>
/// Which addresses a webhook may reach: public unicast ones, plus what the settings allow. Checked
/// when a hook is registered and again for every connection (<see cref="WebhookHttp"/>), so a name
/// that resolves to a public address at registration and to an internal one later reaches nothing.
/// </summary>
public sealed class WebhookAddresses(IOptionsMonitor<WebhookOptions> options, HostResolver resolver)
{
    // Not public: this network, private, shared (CGNAT), loopback, link-local, IETF protocol, documentation,
    // benchmarking, 6to4 relay, multicast, reserved and broadcast; for IPv6 unspecified, loopback,
    // discard, documentation, unique local, link-local, site-local and multicast. IPv4 inside IPv6 is checked as IPv4.
    private static readonly IPNetwork[] NotPublic = [.. new[]
    {
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
        "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
        "::/128", "::1/128", "100::/64", "2001:db8::/32", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
    }.Select(IPNetwork.Parse)];

    /// <summary>Whether a connection to <paramref name="address"/> is allowed.</summary>
    public bool Allows(IPAddress address)
    {
        address = Plain(address);
        var o = options.CurrentValue;
        if (o.AllowedNetworks.Select(IPNetwork.Parse).Any(n => n.Contains(address))) return true;
        if (!NotPublic.Any(n => n.Contains(address))) return true;
        return o.AllowPrivateNetworks && !IsMulticastOrUnspecified(address);
    }

    /// <summary>An IPv4 address carried inside IPv6 (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::a.b.c.d, 6to4) as the IPv4 address.</summary>
    internal static IPAddress Plain(IPAddress a)
    {
        if (a.IsIPv4MappedToIPv6) return a.MapToIPv4();
        if (a.AddressFamily != AddressFamily.InterNetworkV6) return a;
        var b = a.GetAddressBytes();
        if (IPNetwork.Parse("64:ff9b::/96").Contains(a)) return new IPAddress(b[12..16]);
        if (b[0] == 0x20 && b[1] == 0x02) return new IPAddress(b[2..6]); // 2002:aabb:ccdd::/48
        return a;
    }

    private static bool IsMulticastOrUnspecified(IPAddress a) =>
        a.Equals(IPAddress.Any) || a.Equals(IPAddress.IPv6Any) || IPNetwork.Parse("224.0.0.0/4").Contains(a) || IPNetwork.Parse("ff00::/8").Contains(a)
        || a.Equals(IPAddress.Broadcast);

    /// <summary>The addresses of <paramref name="host"/> a connection may use; empty when none.</summary>
    public async Task<IPAddress[]> AllowedAddressesAsync(string host, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await resolver.ResolveAsync(host, ct);
        return [.. addresses.Where(Allows)];
    }

    /// <summary>Checks a URL offered for registration; the message says what is wrong, or null.</summary>
    public async Task<string?> ProblemWithAsync(string url, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            return WebhookTexts.Get("UrlInvalid");
        if (uri.Scheme == "http" && !options.CurrentValue.AllowHttp) return WebhookTexts.Get("UrlNotHttps");
        if (uri.UserInfo.Length > 0 || uri.Fragment.Length > 0) return WebhookTexts.Get("UrlInvalid");
        IPAddress[] all;
        try
        {
            all = IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var literal) ? [literal] : await resolver.ResolveAsync(uri.IdnHost, ct);
        }
        catch (SocketException) { return WebhookTexts.Get("UrlUnresolved"); }
        if (all.Length == 0) return WebhookTexts.Get("UrlUnresolved");
        // Every address, not just one: a name with a public and a private address would reach the private one now and then.
        return all.All(Allows) ? null : WebhookTexts.Get("UrlNotPublic");
    }
}
