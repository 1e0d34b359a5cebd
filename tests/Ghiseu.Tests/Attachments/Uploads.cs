using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Ghiseu.Tests.Attachments;

/// <summary>Multipart uploads to a case, and a look at the content-addressed store on disk.</summary>
public static class Uploads
{
    public static async Task<HttpResponseMessage> Upload(this HttpClient client, string caseId, params (string Name, byte[] Content, string? Type)[] files)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, content, type) in files)
        {
            var part = new ByteArrayContent(content);
            if (type is not null) part.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            form.Add(part, "files", name);
        }
        return await client.PostAsync($"/api/v1/cases/{caseId}/attachments", form);
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Every stored file under DataDirectory/files (relative paths), leaving out the temp folder.</summary>
    public static List<string> StoredFiles(string dataDirectory)
    {
        var root = Path.Combine(dataDirectory, "files");
        if (!Directory.Exists(root)) return [];
        return [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f))
            .Where(f => !f.StartsWith("tmp", StringComparison.Ordinal))];
    }

    /// <summary>Leftovers of interrupted writes.</summary>
    public static int TempFiles(string dataDirectory)
    {
        var tmp = Path.Combine(dataDirectory, "files", "tmp");
        return Directory.Exists(tmp) ? Directory.EnumerateFiles(tmp).Count() : 0;
    }
}
