namespace RecoveryPlatform.Modules.Meetings.Domain.Scheduling;

/// <summary>
/// Arithmetic on a meeting's usual weekly slot (its weekday and local start, in minutes from Sunday 00:00)
/// that gives, for a meeting without one-off changes and away from clock changes, the answer the schedule
/// engine (<see cref="MeetingSchedule"/>) would give, for a fraction of its cost. Search uses it to run the
/// engine only for the meetings it alone can place.
/// </summary>
/// <remarks>
/// Each shortcut states what it assumes. The search reference tests (SearchReferenceTests,
/// TimeWindowSearchTests) hold search with shortcuts to the engine's answers across zones, clock changes,
/// recurrences and cancellations: change a shortcut and they say where it parts from the engine.
/// </remarks>
internal static class SlotArithmetic
{
    public const int MinutesPerDay = 24 * 60;

    /// <summary>How far either side of an instant a zone's offset is examined: two days before, nine after.</summary>
    private static readonly TimeSpan SteadyBefore = TimeSpan.FromDays(2);
    private static readonly TimeSpan SteadyAfter = TimeSpan.FromDays(9);
    private static readonly TimeSpan WindowSlack = TimeSpan.FromDays(2);

    public static int MinuteOfWeek(DateTime local) => ((int)local.DayOfWeek * MinutesPerDay) + (local.Hour * 60) + local.Minute;

    /// <summary>A weekly slot's first time at or after <paramref name="instant"/>, at a fixed offset: its local time and its instant.</summary>
    public static (DateTime Local, DateTimeOffset Start) FirstAtOrAfter(int minuteOfWeek, TimeSpan offset, DateTimeOffset instant)
    {
        var localAt = DateTime.SpecifyKind(instant.UtcDateTime + offset, DateTimeKind.Unspecified);
        var slot = localAt.Date.AddDays(-(int)localAt.DayOfWeek).AddMinutes(minuteOfWeek);
        if (slot < localAt)
        {
            slot = slot.AddDays(7);
        }

        return (slot, new DateTimeOffset(slot - offset, TimeSpan.Zero));
    }

    /// <summary>
    /// Whether a schedule without one-off changes meets on <paramref name="date"/>: its recurrence falls
    /// then, within its validity, and that date is not cancelled.
    /// </summary>
    public static bool MeetsOn(ScheduleDefinition definition, DateOnly date)
    {
        if (!definition.Recurrence.OccursOn(date) || definition.ValidFrom > date || definition.ValidUntil < date)
        {
            return false;
        }

        foreach (var exception in definition.Overrides)
        {
            if (exception.Date == date)
            {
                // Only cancellations: a schedule with changes never comes here.
                return false;
            }
        }

        return true;
    }

    /// <summary>The zone's UTC offset when it holds from two days before <paramref name="instant"/> to nine days after; else null.</summary>
    /// <remarks>This assumes no zone changes its clocks twice within those eleven days, which none does.</remarks>
    public static TimeSpan? SteadyOffset(TimeZoneInfo zone, DateTimeOffset instant)
    {
        var (before, after) = (zone.GetUtcOffset(instant - SteadyBefore), zone.GetUtcOffset(instant + SteadyAfter));
        return before == after ? before : null;
    }

    /// <summary>
    /// The stretch of the local week in <paramref name="zone"/> from <paramref name="lookBack"/> before
    /// <paramref name="instant"/> to <paramref name="lookAhead"/> after it, widened each side by the size of
    /// any clock change near it, so a change never excludes a real occurrence. Usually there is none, and
    /// no widening: the engine then only sees meetings that really start in the stretch.
    /// </summary>
    /// <remarks>Assumes no zone changes its clocks twice within the nine days examined, which none does.</remarks>
    public static WeekWindow LocalWindow(TimeZoneInfo zone, DateTimeOffset instant, TimeSpan lookBack, TimeSpan lookAhead)
    {
        var (offsetBefore, offsetAfter) = (zone.GetUtcOffset(instant - WindowSlack), zone.GetUtcOffset(instant + lookAhead + WindowSlack));
        var slack = (offsetAfter - offsetBefore).Duration();
        var localAt = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        return WeekWindow.Of(localAt - lookBack - slack, localAt + lookAhead + slack, slack == TimeSpan.Zero ? offsetBefore : null);
    }
}
