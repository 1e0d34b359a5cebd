using System.Globalization;

namespace Ghiseu.Web;

/// <summary>A wait in words, in the reader's language: "45 seconds", "an hour" → "1 oră", "60 de minute".</summary>
public static class Waits
{
    public static string Describe(int seconds, bool english = false)
    {
        var ro = !english && CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ro";
        var minutes = (seconds + 59) / 60;
        var (n, unit) = seconds < 120 ? (seconds, 0) : minutes % 60 == 0 || minutes >= 120 ? ((minutes + 59) / 60, 2) : (minutes, 1);
        if (!ro)
            return $"{n} {(unit, n == 1) switch { (0, true) => "second", (0, _) => "seconds", (1, true) => "minute", (1, _) => "minutes", (_, true) => "hour", _ => "hours" }}";
        // Romanian puts "de" between the number and the noun from 20 on (except 101-119, 201-219, …).
        var de = n % 100 == 0 || n % 100 >= 20 ? "de " : "";
        var noun = (unit, n == 1) switch { (0, true) => "secundă", (0, _) => "secunde", (1, true) => "minut", (1, _) => "minute", (_, true) => "oră", _ => "ore" };
        return $"{n} {de}{noun}";
    }
}
