using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ghiseu.Data;

/// <summary>The one JSON shape of the project: camelCase names and camelCase enum values.</summary>
public static class Json
{
    public static readonly JsonNamingPolicy Naming = JsonNamingPolicy.CamelCase;

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = Naming;
        options.Converters.Add(new JsonStringEnumConverter(Naming, allowIntegerValues: false));
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        // {"status":"open","status":"closed"}: a checker reading the first and the code the last would disagree.
        options.AllowDuplicateProperties = false;
    }

    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(o);
        return o;
    }

    /// <summary>The wire name of an enum value, e.g. PendingCitizen → pendingCitizen.</summary>
    public static string Name<T>(T value) where T : struct, Enum => Naming.ConvertName(value.ToString());

    /// <summary>Parses a wire name (or the C# name) of an enum value, ignoring case.</summary>
    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum =>
        Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value) && !int.TryParse(text, out _);
}
