using System.Globalization;
using Ghiseu.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Ghiseu.BrowserTests.Infrastructure;

/// <summary>
/// Ghiseu on a real Kestrel port, with a real SMTP server and an HTTP SMS gateway on loopback, and
/// Debian's Chromium driven by Playwright (never a downloaded browser).
/// </summary>
public sealed class PortalHost : GhiseuFactory
{
    private static readonly string ChromiumPath = Environment.GetEnvironmentVariable("GHISEU_CHROMIUM") ?? "/usr/bin/chromium";

    private readonly int port = SmtpPeer.FreePort();

    /// <summary>Port of Ghiseu's own inbound SMTP listener.</summary>
    public int MailPort { get; } = SmtpPeer.FreePort();
    private IPlaywright? playwright;

    public PortalHost() => UseKestrel(port);

    public string BaseUrl => $"http://127.0.0.1:{port}";
    public SmtpPeer Smtp { get; private set; } = null!;
    public HttpPeer Sms { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    protected override int DemoCases => 0;

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Ghiseu:Email:Outbound:Host", "127.0.0.1"),
        new("Ghiseu:Email:Outbound:Port", Smtp.Port.ToString(CultureInfo.InvariantCulture)),
        new("Ghiseu:Email:Outbound:UseTls", "false"),
        new("Ghiseu:Sms:Url", $"http://127.0.0.1:{Sms.Port}/2010-04-01/Accounts/AC123/Messages.json"),
        new("Ghiseu:Sms:User", "AC123"),
        new("Ghiseu:Sms:Password", "secret"),
        new("Ghiseu:Sms:From", "+40700000000"),
        new("Ghiseu:Portal:PublicUrl", BaseUrl),
        new("Ghiseu:Email:Smtp:Enabled", "true"),
        new("Ghiseu:Email:Smtp:Address", "127.0.0.1"),
        new("Ghiseu:Email:Smtp:Port", MailPort.ToString(CultureInfo.InvariantCulture)),
    ];

    public override async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium is not at {ChromiumPath}; ./ghiseu test installs Debian's chromium package.");
        Smtp = new SmtpPeer();
        Sms = new HttpPeer();
        await base.InitializeAsync();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run"],
        });
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        playwright?.Dispose();
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
        await Sms.DisposeAsync();
    }

    /// <summary>A fresh browser context the size of a staff member's screen (1280 × 800).</summary>
    public async Task<PhonePage> ScreenAsync()
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "en-GB", BaseURL = BaseUrl });
        return await PhonePage.OpenAsync(context, BaseUrl);
    }

    /// <summary>A fresh browser context the size of a phone, whose page records every address it asks for.</summary>
    public async Task<PhonePage> PhoneAsync(string? language = "en")
    {
        var context = await Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 360, Height = 740 },
            IsMobile = true,
            HasTouch = true,
            Locale = language == "ro" ? "ro-RO" : "en-GB",
            BaseURL = BaseUrl,
        });
        return await PhonePage.OpenAsync(context, BaseUrl);
    }
}
