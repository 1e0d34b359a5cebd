using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Ghiseu.Tests.Email;

/// <summary>A listener with a certificate configured offers STARTTLS and takes mail over it.</summary>
public sealed class StartTlsFactory : EmailFactory
{
    private readonly string certificate;

    public StartTlsFactory() => (certificate, Thumbprint) = CreateCertificate();

    /// <summary>The only certificate the test's client trusts.</summary>
    public string Thumbprint { get; }

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [.. base.Settings, new("Ghiseu:Email:Smtp:CertificatePath", certificate), new("Ghiseu:Email:Smtp:CertificatePassword", "test")];

    private static (string Path, string Thumbprint) CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var path = Path.Combine(Path.GetTempPath(), "ghiseu-tests", $"smtp-{Guid.NewGuid():N}.pfx");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, cert.Export(X509ContentType.Pfx, "test"));
        return (path, cert.GetCertHashString());
    }
}

public sealed class StartTlsTests(StartTlsFactory f) : IClassFixture<StartTlsFactory>
{
    [Fact]
    public async Task Send_WithCertificateConfigured_UsesStartTls()
    {
        var sender = EmailFactory.NewSender("tls");
        using var client = new SmtpClient { ServerCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == f.Thumbprint };
        await client.ConnectAsync("127.0.0.1", f.SmtpPort, SecureSocketOptions.StartTls);
        Assert.True(client.IsSecure);
        await client.SendAsync(Mail.Text(sender, "par@demo.ghiseu.ro", "Prin TLS", "Mesaj criptat pe drum."));
        await client.DisconnectAsync(true);
        Assert.NotNull((await f.OutcomeAsync(sender)).Case);
    }
}
