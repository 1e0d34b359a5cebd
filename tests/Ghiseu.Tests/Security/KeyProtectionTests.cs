using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ghiseu.Tests.Infrastructure;
using Ghiseu.Web;

namespace Ghiseu.Tests.Security;

/// <summary>The data-protection keys on disk are encrypted: a copy of the keys folder alone opens no session.</summary>
[Collection(ApiCollection.Name)]
public class KeyProtectionTests(GhiseuFactory app)
{
    [Fact]
    public async Task KeysOnDisk_AreEncryptedWithTheCertificate_AndStillOpenSessions()
    {
        // Signing in issues a protected token; reading it back proves the encrypted key can be used.
        using var paris = await app.Paris();
        Assert.Equal(HttpStatusCode.OK, (await paris.GetAsync("/api/v1/cases?limit=1")).StatusCode);
        var page = await app.CreateClient().GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        var keys = Directory.GetFiles(Path.Combine(app.DataDirectory, "keys"), "key-*.xml");
        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            var xml = await File.ReadAllTextAsync(key);
            Assert.Contains("<encryptedSecret", xml, StringComparison.Ordinal);
            Assert.Contains("X509Data", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal); // the plaintext form
        }
    }

    [Fact]
    public void GeneratedCertificate_IsReadableByTheServiceUserOnly()
    {
        _ = app.Services; // started: the certificate was made at the first start
        var path = Path.Combine(app.DataDirectory, KeyProtection.GeneratedFile);
        Assert.True(File.Exists(path));
        if (OperatingSystem.IsWindows()) return;
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }
}

/// <summary>A certificate given in configuration is the one that encrypts the keys; none is generated.</summary>
public sealed class ConfiguredKeyCertificateTests : IDisposable
{
    private readonly string pfx = Path.Combine(Path.GetTempPath(), $"ghiseu-keys-{Guid.NewGuid():N}.pfx");
    private readonly string thumbprint;
    private readonly Factory app;

    public ConfiguredKeyCertificateTests()
    {
        using var rsa = RSA.Create(2048);
        using var made = new CertificateRequest("CN=Test keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(pfx, made.Export(X509ContentType.Pkcs12, "s3cret-pass"));
        thumbprint = made.Thumbprint;
        app = new Factory(pfx);
    }

    private sealed class Factory(string pfx) : GhiseuFactory
    {
        protected override IEnumerable<KeyValuePair<string, string>> Settings =>
            [new("Ghiseu:DataProtection:Certificate:Path", pfx), new("Ghiseu:DataProtection:Certificate:Password", "s3cret-pass")];
    }

    [Fact]
    public async Task ConfiguredCertificate_EncryptsTheKeys()
    {
        using var paris = await app.Paris();
        Assert.Equal(HttpStatusCode.OK, (await paris.GetAsync("/api/v1/cases?limit=1")).StatusCode);

        Assert.False(File.Exists(Path.Combine(app.DataDirectory, KeyProtection.GeneratedFile)));
        var keys = Directory.GetFiles(Path.Combine(app.DataDirectory, "keys"), "key-*.xml");
        Assert.NotEmpty(keys);
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(pfx, "s3cret-pass");
        var encoded = Convert.ToBase64String(certificate.RawData);
        foreach (var key in keys) Assert.Contains(encoded, await File.ReadAllTextAsync(key), StringComparison.Ordinal);
        Assert.Equal(thumbprint, certificate.Thumbprint);
    }

    public void Dispose()
    {
        app.Dispose();
        File.Delete(pfx);
    }
}
