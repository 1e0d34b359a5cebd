using System.Security.Cryptography;
using Ghiseu.Data;
using Microsoft.Extensions.Options;

namespace Ghiseu.Features.Attachments;

/// <summary>
/// Content-addressed file store under DataDirectory/files: each file is named by its SHA-256, so the
/// same scan uploaded twice is kept once and a name can never point to other bytes.
/// </summary>
public sealed class FileStore(IOptions<GhiseuOptions> options)
{
    private readonly string root = Path.GetFullPath(Path.Combine(options.Value.DataDirectory, "files"));

    /// <summary>Writes the content durably (temp file, flush, rename) and returns its hash and size.</summary>
    public async Task<(string Sha256, long Size)> SaveAsync(Stream content, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.Combine(root, "tmp"));
        var temp = Path.Combine(root, "tmp", Guid.NewGuid().ToString("N"));
        string hash;
        long size;
        // No FileStream buffer (bufferSize 0) and a pooled copy buffer: a message with attachments
        // stores several files, and two fresh 80 KB buffers each added up to the largest allocations.
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            await using var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous);
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            int read;
            while ((read = await content.ReadAsync(buffer, ct)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), ct);
            }
            file.Flush(flushToDisk: true);
            hash = Convert.ToHexStringLower(sha.GetHashAndReset());
            size = file.Length;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
        var target = PathOf(hash);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (File.Exists(target)) File.Delete(temp);
        else File.Move(temp, target, overwrite: true);
        return (hash, size);
    }

    public Stream? Open(string sha256) =>
        sha256.Length == 64 && sha256.All(Uri.IsHexDigit) && File.Exists(PathOf(sha256)) ? File.OpenRead(PathOf(sha256)) : null;

    private string PathOf(string sha256) => Path.Combine(root, sha256[..2], sha256);
}
