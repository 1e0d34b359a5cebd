using System.ComponentModel.DataAnnotations;

namespace Ghiseu.Features.Notifications;

/// <summary>Settings under Ghiseu:Email:Outbound: the SMTP server that carries mail to citizens.</summary>
public sealed class OutboundEmailOptions
{
    public const string Section = "Ghiseu:Email:Outbound";

    /// <summary>SMTP host; when empty, email notifications stay queued and say so.</summary>
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>Require STARTTLS (or TLS on port 465); off only for a relay on a trusted network.</summary>
    public bool UseTls { get; set; } = true;

    public string? User { get; set; }
    public string? Password { get; set; }

    /// <summary>Sender of notifications, e.g. "Ghiseu &lt;no-reply@primarie.ro&gt;".</summary>
    [Required]
    public string From { get; set; } = "Ghiseu <no-reply@demo.ghiseu.ro>";
}

/// <summary>Settings under Ghiseu:Sms: an HTTP gateway (Twilio-style or the operator's own).</summary>
public sealed class SmsOptions
{
    public const string Section = "Ghiseu:Sms";

    /// <summary>URL the gateway receives messages on; when empty, SMS notifications are not sent.</summary>
    public string? Url { get; set; }

    /// <summary>Body sent to the gateway with {to}, {from} and {text} filled in (escaped for the content type).</summary>
    [Required]
    public string BodyTemplate { get; set; } = "To={to}&From={from}&Body={text}";

    /// <summary>application/x-www-form-urlencoded or application/json.</summary>
    [Required]
    public string ContentType { get; set; } = "application/x-www-form-urlencoded";

    /// <summary>Basic-authentication user and password (for Twilio: account SID and auth token).</summary>
    public string? User { get; set; }
    public string? Password { get; set; }

    /// <summary>Sender number or name.</summary>
    public string From { get; set; } = "Ghiseu";
}

/// <summary>Settings under Ghiseu:Portal that notifications need.</summary>
public sealed class PortalLinkOptions
{
    public const string Section = "Ghiseu:Portal";

    /// <summary>Public address of the portal, for tracking links in messages.</summary>
    [Required]
    public string PublicUrl { get; set; } = "http://localhost:5080";
}
