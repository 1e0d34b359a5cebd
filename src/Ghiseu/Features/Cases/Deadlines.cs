using Ghiseu.Features.Categories;
using Ghiseu.Features.Units;

namespace Ghiseu.Features.Cases;

/// <summary>The SLA and legal deadlines of a new case, from its category and its unit's time zone.</summary>
public static class Deadlines
{
    public static TimeZoneInfo Zone(Unit unit) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(unit.TimeZone, out var tz) ? tz : TimeZoneInfo.Utc;

    public static void Apply(Case c, Category category, Unit unit, DateTimeOffset now)
    {
        c.FirstResponseDue = category.FirstResponseHours is { } f ? now.AddHours(f) : null;
        c.ResolutionDue = category.ResolutionHours is { } r ? now.AddHours(r) : null;
        c.LegalDue = category.LegalDeadlineDays is { } d ? EndOfDay(now.AddDays(d), Zone(unit)) : null;
    }

    /// <summary>A legal term runs to the end of its last day in the unit's own time zone.</summary>
    public static DateTimeOffset EndOfDay(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var end = local.Date.AddDays(1).AddTicks(-TimeSpan.TicksPerSecond);
        return new DateTimeOffset(end, zone.GetUtcOffset(end)).ToUniversalTime();
    }
}
