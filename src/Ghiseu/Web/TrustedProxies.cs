using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Ghiseu.Web;

/// <summary>
/// Which peers may say, through X-Forwarded-For and X-Forwarded-Proto, who the client is and whether
/// it used HTTPS. Only configured proxies: ASP.NET Core's default also believes loopback, which lets
/// anything on the machine (or a proxy that passes the header through) choose the address that the
/// audit trail, rate limits and sign-in throttle see.
/// </summary>
public static class TrustedProxies
{
    public const string ProxiesKey = "Ghiseu:ForwardedHeaders:KnownProxies";
    public const string NetworksKey = "Ghiseu:ForwardedHeaders:KnownNetworks";
    /// <summary>The earlier name of the proxy list, still honoured.</summary>
    public const string LegacyKey = "Ghiseu:TrustedProxies";

    public static void Configure(ForwardedHeadersOptions o, IConfiguration config)
    {
        o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        o.KnownProxies.Clear();
        o.KnownIPNetworks.Clear();
        foreach (var ip in Addresses(config)) o.KnownProxies.Add(ip);
        foreach (var text in List(config, NetworksKey))
            o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(text, out var net) ? net
                : throw new InvalidOperationException($"{NetworksKey}: '{text}' is not a network in CIDR notation (e.g. 10.0.0.0/8)."));
    }

    /// <summary>The configured proxy addresses (both setting names).</summary>
    public static IEnumerable<IPAddress> Addresses(IConfiguration config) =>
        List(config, ProxiesKey).Concat(List(config, LegacyKey)).Select(text => IPAddress.TryParse(text, out var ip) ? ip
            : throw new InvalidOperationException($"'{text}' in {ProxiesKey} is not an IP address."));

    /// <summary>A list given as an array (appsettings.json, Key__0) or one comma-separated value (an environment variable).</summary>
    private static IEnumerable<string> List(IConfiguration config, string key)
    {
        var section = config.GetSection(key);
        var items = section.Get<string[]>() ?? [];
        if (items.Length == 0 && section.Value is { Length: > 0 } one) items = one.Split(',');
        return items.Select(i => i.Trim()).Where(i => i.Length > 0);
    }
}
