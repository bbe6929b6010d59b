namespace RecoveryPlatform.Modules.Meetings.Domain.Scheduling;

/// <summary>
/// A set of weeks of the month, 1 to 5, where week N of a date is which of its weekday it is in the month: the
/// 1st Wednesday (days 1–7), the 2nd (8–14) … the 5th (29–31, only in months that have one). The same count
/// <see cref="Recurrence.MonthlyOnWeekday"/> uses and RFC 5545 reads <c>BYDAY=2WE</c> by.
/// </summary>
/// <remarks>
/// There is no "last": the last Wednesday is the 4th or the 5th depending on the month, and the feeds this
/// models say "5th week" (docs/adr/0019-week-of-month-schedules.md). A value (one bit per week, bit N for week N)
/// so that two recurrences with the same weeks are equal and the stored column is a number.
/// </remarks>
internal readonly record struct WeeksOfMonth(int Mask)
{
    public const int First = 1;
    public const int Last = 5;

    /// <summary>Every week a bit can name: bits 1 to 5.</summary>
    private const int AllWeeksMask = 0b11_1110;

    public static readonly WeeksOfMonth None = default;

    public bool IsEmpty => Mask == 0;

    /// <summary>True when every week of the month is in the set (so a rule that skips them never meets).</summary>
    public bool IsEveryWeek => (Mask & AllWeeksMask) == AllWeeksMask;

    /// <summary>True when the mask names only weeks 1 to 5.</summary>
    public bool IsWellFormed => (Mask & ~AllWeeksMask) == 0;

    /// <summary>The set of <paramref name="weeks"/>; each must be 1 to 5 (checked by the caller's validation).</summary>
    public static WeeksOfMonth Of(IEnumerable<int>? weeks) =>
        new((weeks ?? []).Where(w => w is >= First and <= Last).Aggregate(0, (mask, week) => mask | (1 << week)));

    /// <summary>Which week of its month <paramref name="date"/> is in, 1 to 5.</summary>
    public static int WeekOf(DateOnly date) => ((date.Day - 1) / 7) + 1;

    public bool Contains(int week) => week is >= First and <= Last && (Mask & (1 << week)) != 0;

    public bool Contains(DateOnly date) => Mask != 0 && Contains(WeekOf(date));

    /// <summary>The weeks in ascending order.</summary>
    public IReadOnlyList<int> ToList()
    {
        var mask = Mask;
        return [.. Enumerable.Range(First, Last).Where(w => (mask & (1 << w)) != 0)];
    }
}
