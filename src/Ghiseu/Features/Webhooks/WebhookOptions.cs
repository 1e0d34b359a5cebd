using System.ComponentModel.DataAnnotations;

namespace Ghiseu.Features.Webhooks;

/// <summary>Settings under Ghiseu:Webhooks.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Ghiseu:Webhooks";

    /// <summary>Off: no delivery on this node (registrations are still kept).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Accept http:// receivers (plain text on the wire); https only by default.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Let receivers on any private, loopback or link-local address (a trusted internal network only).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Networks (CIDR, e.g. 10.20.0.0/16) allowed although not public: internal receivers.</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>Tries per delivery, the first included.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>No retry of a delivery older than this.</summary>
    [Range(0.01, 720)]
    public double MaxAgeHours { get; set; } = 24;

    /// <summary>Wait before the first retry; each next waits twice as long (with jitter), up to <see cref="MaxRetrySeconds"/>.</summary>
    [Range(0.01, 3600)]
    public double FirstRetrySeconds { get; set; } = 30;

    [Range(0.01, 86400)]
    public double MaxRetrySeconds { get; set; } = 3600;

    /// <summary>Connecting and waiting for the answer's headers together.</summary>
    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Requests in flight to one hook; the others are never held up by it.</summary>
    [Range(1, 64)]
    public int ConcurrencyPerHook { get; set; } = 4;

    /// <summary>Requests in flight from the node that delivers.</summary>
    [Range(1, 1024)]
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>Characters of an answer kept in the delivery log (the rest is not read).</summary>
    [Range(0, 4000)]
    public int ResponseChars { get; set; } = 1000;

    /// <summary>Days deliveries and their attempts are kept once finished.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 14;

    /// <summary>How often the sender looks for due deliveries when idle.</summary>
    [Range(10, 60000)]
    public int PollMilliseconds { get; set; } = 500;
}
