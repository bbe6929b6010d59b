namespace RecoveryPlatform.Modules.Meetings.Domain.Scheduling;

/// <summary>A stretch of the local week, in minutes from Sunday 00:00, that may wrap past Saturday night.</summary>
/// <param name="WholeWeek">The stretch covers a week or more: every slot is in it.</param>
/// <param name="From">The first minute of the week in the stretch.</param>
/// <param name="To">The last minute of the week in the stretch (before <paramref name="From"/> when it wraps).</param>
/// <param name="FixedOffset">
/// The zone's offset when it does not change anywhere near the stretch; then a slot in it is at a known instant.
/// </param>
internal readonly record struct WeekWindow(bool WholeWeek, int From, int To, TimeSpan? FixedOffset)
{
    /// <summary>Whole minutes, so a slot at the minute a bound falls in counts: the test stays conservative.</summary>
    public static WeekWindow Of(DateTime from, DateTime to, TimeSpan? fixedOffset) =>
        to - from >= TimeSpan.FromDays(7)
            ? new(true, 0, 0, null)
            : new(false, SlotArithmetic.MinuteOfWeek(from), SlotArithmetic.MinuteOfWeek(to), fixedOffset);

    public bool Contains(int minuteOfWeek) =>
        WholeWeek || (From <= To ? minuteOfWeek >= From && minuteOfWeek <= To : minuteOfWeek >= From || minuteOfWeek <= To);
}
