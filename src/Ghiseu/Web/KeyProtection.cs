using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace Ghiseu.Web;

/// <summary>
/// Data-protection keys (they protect sign-in cookies, tokens and stored mailbox passwords) are
/// encrypted at rest with a certificate. The certificate comes from configuration
/// (<c>Ghiseu:DataProtection:Certificate:Path</c> and <c>:Password</c>), ideally from outside the data
/// directory; without one, a certificate is generated once beside the keys, readable by the
/// service's user only, so that a copy of the keys folder alone reveals nothing. Certificates that
/// protected older keys are listed under <c>Ghiseu:DataProtection:PreviousCertificates</c> so
/// those keys can still be read after a change of certificate.
/// </summary>
public static class KeyProtection
{
    public const string Section = "Ghiseu:DataProtection";
    public const string GeneratedFile = "keys-certificate.pfx";

    public static IDataProtectionBuilder AddGhiseuDataProtection(this IServiceCollection services, IConfiguration config, string dataDir)
    {
        var builder = services.AddDataProtection().SetApplicationName("Ghiseu")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDir, "keys")));
        var section = config.GetSection(Section);
        var certificate = section["Certificate:Path"] is { Length: > 0 } path
            ? Load(path, section["Certificate:Password"])
            : Generated(dataDir);
        builder.ProtectKeysWithCertificate(certificate);
        var previous = section.GetSection("PreviousCertificates").GetChildren()
            .Where(c => !string.IsNullOrEmpty(c["Path"])).Select(c => Load(c["Path"]!, c["Password"])).ToArray();
        if (previous.Length > 0) builder.UnprotectKeysWithAnyCertificate([certificate, .. previous]);
        return builder;
    }

    private static X509Certificate2 Load(string path, string? password) =>
        X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);

    /// <summary>The certificate generated at the first start; made again only if its file is missing.</summary>
    private static X509Certificate2 Generated(string dataDir)
    {
        var path = Path.Combine(dataDir, GeneratedFile);
        if (File.Exists(path)) return Load(path, null);
        Directory.CreateDirectory(dataDir);
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=Ghiseu data-protection keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(100));
        var bytes = made.Export(X509ContentType.Pkcs12);
        // Written under a temporary name and moved, so that two nodes starting at once never read half a file;
        // the mode is set before the private key is written.
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(temporary, options)) file.Write(bytes);
        try { File.Move(temporary, path, overwrite: false); }
        catch (IOException) when (File.Exists(path)) { File.Delete(temporary); } // another node made it first
        return Load(path, null);
    }
}
