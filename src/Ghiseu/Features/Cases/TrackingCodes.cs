using System.Security.Cryptography;

namespace Ghiseu.Features.Cases;

/// <summary>Unguessable codes a citizen types or follows by link: 12 characters of 31 (about 59 bits), no look-alike letters or digits.</summary>
public static class TrackingCodes
{
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    public static string New() => RandomNumberGenerator.GetString(Alphabet, 12);

    /// <summary>Case- and separator-insensitive comparison form of what a citizen typed.</summary>
    public static string Normalize(string? typed) =>
        new((typed ?? "").ToUpperInvariant().Where(ch => ch is not (' ' or '-')).ToArray());
}
