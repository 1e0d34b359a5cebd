using System.Globalization;
using Ghiseu.Features.Cases;
using Ghiseu.Features.Categories;
using Ghiseu.Features.Units;

namespace Ghiseu.Features.Portal.Pages;

/// <summary>Turns the posted request form (plain HTML names) into the portal's request.</summary>
public static class RequestFormReader
{
    public static (PortalRequest Request, List<(string Field, string Message)> Errors) Read(
        Unit unit, Category category, IReadOnlyDictionary<string, string> v, IReadOnlyList<IFormFile> files)
    {
        var errors = new List<(string, string)>();
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        LocationDto? location = null;
        foreach (var f in category.Fields)
        {
            if (f.Type == FieldType.File)
            {
                if (f.Required && !files.Any(x => x.Name == $"file.{f.Code}"))
                    errors.Add(($"fields.{f.Code}", string.Format(CultureInfo.CurrentCulture, PortalText.RequiredFile, Names.Of(f))));
                continue;
            }
            // Several checked boxes of a multiple choice arrive as one comma-joined value.
            if (Text(v, $"field.{f.Code}") is not { } value) continue;
            fields[f.Code] = value;
            if (f.Type == FieldType.Location && location is null && Coordinates(value) is { } at)
                location = new LocationDto(at.Lat, at.Lon, Text(v, "address"));
        }
        var citizen = new CitizenInput(Text(v, "citizen.name") ?? "", Text(v, "citizen.email"), Text(v, "citizen.phone"), Text(v, "citizen.language"));
        Channel? reply = Text(v, "replyChannel") is { } r && Enum.TryParse<Channel>(r, ignoreCase: true, out var c) ? c : null;
        var request = new PortalRequest(unit.Code, category.Code, Text(v, "subject"), Text(v, "description") ?? "", citizen, fields, location,
            Consent: Text(v, "consent") == "true", Website: Text(v, "website"), ReplyChannel: reply);
        return (request, errors);
    }

    private static string? Text(IReadOnlyDictionary<string, string> v, string key) =>
        v.TryGetValue(key, out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;

    private static (double Lat, double Lon)? Coordinates(string value)
    {
        var parts = value.Split(',', StringSplitOptions.TrimEntries);
        return parts.Length == 2 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat) && lat is >= -90 and <= 90
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon) && lon is >= -180 and <= 180
            ? (lat, lon) : null;
    }
}
