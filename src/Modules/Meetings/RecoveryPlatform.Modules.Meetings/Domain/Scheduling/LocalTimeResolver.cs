namespace RecoveryPlatform.Modules.Meetings.Domain.Scheduling;

/// <summary>
/// Turns a meeting's local wall-clock time into an instant, deciding what happens on the days the clocks change.
/// </summary>
/// <remarks>
/// The policy is the one RFC 5545 (iCalendar, section 3.3.5) prescribes, so calendar apps that import our
/// meetings agree with us:
/// <list type="bullet">
/// <item>A local time that does not exist because the clocks jump forward (e.g. 01:30 on 2026-03-29 in
/// Europe/London) is read with the UTC offset in force <em>before</em> the jump: 01:30 GMT, i.e. 01:30 UTC,
/// which the clocks show as 02:30 BST.</item>
/// <item>A local time that happens twice because the clocks go back (e.g. 01:30 on 2026-10-25 in
/// Europe/London) means its <em>first</em> occurrence: 01:30 BST, i.e. 00:30 UTC.</item>
/// </list>
/// Only <see cref="TimeZoneInfo.GetUtcOffset(DateTimeOffset)"/> is used (through <see cref="ZoneOffsets"/>), which is never ambiguous, rather than
/// TimeZoneInfo's local-time conversions, which throw for a time in a gap.
/// </remarks>
internal static class LocalTimeResolver
{
    /// <summary>The instant at which <paramref name="localTime"/> (kind ignored) happens in <paramref name="zone"/>.</summary>
    internal static DateTimeOffset ToUtc(DateTime localTime, TimeZoneInfo zone)
    {
        var wallClock = DateTime.SpecifyKind(localTime, DateTimeKind.Unspecified);

        // Every real offset is within ±14 h, so any instant that could show this wall-clock time lies within a
        // day of it. The offsets a day either side are therefore the ones in force before and after any clock
        // change near it (no zone changes its clocks twice within two days).
        var offsetBefore = OffsetAt(wallClock.AddDays(-1), zone);
        var offsetAfter = OffsetAt(wallClock.AddDays(1), zone);

        // Reading the time with the earlier offset is right for ordinary times, picks the first instant when
        // the time happens twice, and is the RFC's rule for a time in a gap. Only a time that is valid with
        // the later offset alone (ordinary time just after a change) needs the later one.
        var offset = !ShowsWallClock(wallClock, offsetBefore, zone) && ShowsWallClock(wallClock, offsetAfter, zone)
            ? offsetAfter
            : offsetBefore;

        return new DateTimeOffset(wallClock - offset, TimeSpan.Zero);
    }

    /// <summary>The local date in <paramref name="zone"/> at <paramref name="instant"/>.</summary>
    internal static DateOnly LocalDateAt(DateTimeOffset instant, TimeZoneInfo zone)
    {
        // Remembered offsets away from the ends of time; there, ConvertTime clamps where adding would overflow.
        var utc = instant.UtcDateTime;
        return utc.Year is > 1 and < 9999
            ? DateOnly.FromDateTime(utc + ZoneOffsets.At(zone, utc))
            : DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
    }

    /// <summary>True if the instant "wall clock minus offset" really has that offset, i.e. shows that wall clock.</summary>
    private static bool ShowsWallClock(DateTime wallClock, TimeSpan offset, TimeZoneInfo zone) =>
        OffsetAt(wallClock - offset, zone) == offset;

    private static TimeSpan OffsetAt(DateTime utc, TimeZoneInfo zone) => ZoneOffsets.At(zone, utc);
}
