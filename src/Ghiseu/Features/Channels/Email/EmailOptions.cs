using System.ComponentModel.DataAnnotations;

namespace Ghiseu.Features.Channels.Email;

/// <summary>Settings under Ghiseu:Email (the outbound server is Ghiseu:Email:Outbound, owned by notifications).</summary>
public sealed class EmailOptions
{
    public const string Section = "Ghiseu:Email";

    public SmtpListenerOptions Smtp { get; set; } = new();
    public ProcessingOptions Processing { get; set; } = new();
    public ImapOptions Imap { get; set; } = new();
    public AuthenticationOptions Authentication { get; set; } = new();

    /// <summary>Domain of the Message-IDs of mail we send.</summary>
    [Required]
    public string MessageIdDomain { get; set; } = "ghiseu.local";

    /// <summary>An upstream X-Spam-Score at or above this routes the message to the spam queue.</summary>
    public double SpamScoreThreshold { get; set; } = 5.0;

    /// <summary>Most auto-replies one sender gets per hour; past it mail is still taken, without an answer.</summary>
    [Range(0, 10000)]
    public int AutoRepliesPerSenderPerHour { get; set; } = 5;
}

public sealed class SmtpListenerOptions
{
    public bool Enabled { get; set; } = true;

    [Range(0, 65535)]
    public int Port { get; set; } = 2525;

    /// <summary>Address to listen on.</summary>
    [Required]
    public string Address { get; set; } = "0.0.0.0";

    [Required]
    public string ServerName { get; set; } = "ghiseu";

    /// <summary>PKCS#12 certificate for STARTTLS; without one the listener speaks plain SMTP.</summary>
    public string? CertificatePath { get; set; }
    public string? CertificatePassword { get; set; }

    /// <summary>Largest message taken, in bytes (25 MiB by default); larger ones are refused with 552.</summary>
    [Range(1024, int.MaxValue)]
    public int MaxMessageBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>Messages one sender may hand in per hour; past it the listener answers 451 (try later).</summary>
    [Range(1, 1_000_000)]
    public int MessagesPerSenderPerHour { get; set; } = 120;
}

public sealed class ProcessingOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Failed attempts before a message goes to quarantine.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How long a node holds a message it processes; a crashed node's messages are taken over after this.</summary>
    [Range(1, 3600)]
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>Messages leased and committed together.</summary>
    [Range(1, 500)]
    public int BatchSize { get; set; } = 50;

    /// <summary>
    /// How long one transaction may apply messages before it commits and the next begins: longer saves
    /// commits, shorter lets other writers in sooner (SQLite has one writer at a time).
    /// </summary>
    [Range(1, 10000)]
    public int TransactionMilliseconds { get; set; } = 100;

    /// <summary>Messages of a batch parsed (and their files written) at once.</summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = 4;
}

public sealed class ImapOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Seconds between polls (and the longest IDLE).</summary>
    [Range(1, 3600)]
    public int PollSeconds { get; set; } = 60;
}

/// <summary>Checks of the sender's domain (SPF, DKIM, DMARC) and the DNS they ask.</summary>
public sealed class AuthenticationOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Resolvers asked, "address" or "address:port" (one port for all); the system's own when empty.</summary>
    public List<string> DnsServers { get; set; } = [];

    /// <summary>How long one DNS question may take before the check says "unknown".</summary>
    [Range(50, 30000)]
    public int TimeoutMilliseconds { get; set; } = 2000;

    /// <summary>The Public Suffix List (Debian package publicsuffix), for the organizational domain of DMARC alignment.</summary>
    public string PublicSuffixList { get; set; } = "/usr/share/publicsuffix/public_suffix_list.dat";

    /// <summary>Suffixes treated as public besides the list's (e.g. "gov.ro": its institutions then do not align with each other).</summary>
    public List<string> ExtraPublicSuffixes { get; set; } = [];
}
