namespace Ghiseu.Features.Citizens;

/// <summary>The Romanian personal numeric code (CNP): 13 digits with a weighted checksum.</summary>
public static class Cnp
{
    private const string Weights = "279146358279";

    public static bool IsValid(string? value)
    {
        if (value is not { Length: 13 } || !value.All(char.IsAsciiDigit)) return false;
        if (value[0] == '0') return false;
        var month = int.Parse(value.AsSpan(3, 2), provider: null);
        var day = int.Parse(value.AsSpan(5, 2), provider: null);
        if (month is < 1 or > 12 || day is < 1 or > 31) return false;
        var sum = 0;
        for (var i = 0; i < 12; i++) sum += (value[i] - '0') * (Weights[i] - '0');
        var control = sum % 11 == 10 ? 1 : sum % 11;
        return control == value[12] - '0';
    }
}
