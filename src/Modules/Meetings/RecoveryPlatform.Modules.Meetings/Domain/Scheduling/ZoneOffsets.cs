using System.Collections.Concurrent;

namespace RecoveryPlatform.Modules.Meetings.Domain.Scheduling;

/// <summary>
/// A zone's UTC offset at an instant, remembered per quarter hour of UTC. Working an offset out means
/// finding the year's adjustment rule and its transition dates, which was most of the cost of computing
/// an occurrence, while a zone's offset changes a few times a year.
/// </summary>
/// <remarks>
/// Exact, not approximate: a quarter hour is remembered only when the offsets at its first and last tick
/// agree, so an instant in a quarter hour holding a transition is always worked out afresh. (No zone
/// changes its clocks twice within fifteen minutes.)
/// </remarks>
internal static class ZoneOffsets
{
    private const long QuarterHourTicks = TimeSpan.TicksPerMinute * 15;

    // Bounds memory on a server that runs for years: a zone's memory is dropped when it grows past this.
    private const int MaxQuarterHoursPerZone = 100_000;

    private static readonly ConcurrentDictionary<TimeZoneInfo, ConcurrentDictionary<long, TimeSpan>> Zones = new(ReferenceEqualityComparer.Instance);

    /// <summary>The offset in force in <paramref name="zone"/> at the UTC time <paramref name="utc"/> (its kind is ignored).</summary>
    public static TimeSpan At(TimeZoneInfo zone, DateTime utc)
    {
        var quarterHour = utc.Ticks / QuarterHourTicks;
        var known = Zones.GetOrAdd(zone, _ => new ConcurrentDictionary<long, TimeSpan>());
        if (known.TryGetValue(quarterHour, out var offset))
        {
            return offset;
        }

        offset = Compute(zone, utc.Ticks);
        var first = quarterHour * QuarterHourTicks;
        var last = Math.Min(first + QuarterHourTicks - 1, DateTime.MaxValue.Ticks);
        if (Compute(zone, first) == offset && Compute(zone, last) == offset)
        {
            if (known.Count >= MaxQuarterHoursPerZone)
            {
                known.Clear();
            }

            known[quarterHour] = offset;
        }

        return offset;
    }

    private static TimeSpan Compute(TimeZoneInfo zone, long utcTicks) =>
        zone.GetUtcOffset(new DateTimeOffset(utcTicks, TimeSpan.Zero));
}
