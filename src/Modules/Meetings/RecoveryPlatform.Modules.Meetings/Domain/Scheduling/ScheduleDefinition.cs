namespace RecoveryPlatform.Modules.Meetings.Domain.Scheduling;

/// <summary>
/// What a meeting's organiser says about when it meets, as entered: nothing here has been checked yet.
/// <see cref="MeetingSchedule.TryCreate"/> checks it and, if it is sound, gives a schedule to compute with.
/// </summary>
internal sealed record ScheduleDefinition
{
    public const string DefaultTimeZoneId = "Europe/London";

    /// <summary>IANA time zone id, e.g. "Europe/London" or "America/New_York".</summary>
    public string TimeZoneId { get; init; } = DefaultTimeZoneId;

    /// <summary>Start time on the meeting's local wall clock.</summary>
    public required TimeOnly LocalStartTime { get; init; }

    /// <summary>Elapsed (not wall-clock) time from start to end; more than zero and at most 24 hours.</summary>
    public required TimeSpan Duration { get; init; }

    public required Recurrence Recurrence { get; init; }

    /// <summary>First local date on which the meeting may occur (inclusive); null for no limit.</summary>
    public DateOnly? ValidFrom { get; init; }

    /// <summary>Last local date on which the meeting may occur (inclusive); null for no limit.</summary>
    public DateOnly? ValidUntil { get; init; }

    /// <summary>Cancellations and one-off changes, at most one per date.</summary>
    public IReadOnlyList<OccurrenceOverride> Overrides { get; init; } = [];

    /// <summary>
    /// The formats the meeting has in given weeks of the month instead of its usual ones ("5th week is a
    /// literature meeting"), at most one entry per week; for weekly and every-N-weeks rules only.
    /// </summary>
    public IReadOnlyList<WeekOfMonthFormats> FormatsByWeekOfMonth { get; init; } = [];

    /// <summary>The formats an occurrence on <paramref name="date"/> has in place of the usual ones, or null for the usual ones.</summary>
    internal IReadOnlyList<string>? FormatsOn(DateOnly date)
    {
        if (FormatsByWeekOfMonth.Count == 0)
        {
            return null;
        }

        var week = WeeksOfMonth.WeekOf(date);
        foreach (var variation in FormatsByWeekOfMonth)
        {
            if (variation.WeekOfMonth == week)
            {
                return variation.Formats;
            }
        }

        return null;
    }

    internal bool IsWithinValidity(DateOnly date) =>
        (ValidFrom is not { } from || date >= from) && (ValidUntil is not { } until || date <= until);

    /// <summary>
    /// The dates the rule produces inside the validity window, ascending, starting at <paramref name="first"/>
    /// (or at ValidFrom if later). Overrides are not applied. Lazy, and endless when ValidUntil is null.
    /// </summary>
    internal IEnumerable<DateOnly> ScheduledDatesFrom(DateOnly first)
    {
        if (ValidFrom is { } from && from > first)
        {
            first = from;
        }

        for (var date = Recurrence.FirstDateOnOrAfter(first); date is { } current; date = NextAfter(current))
        {
            if (ValidUntil is { } until && current > until)
            {
                yield break;
            }

            yield return current;
        }
    }

    private DateOnly? NextAfter(DateOnly date) =>
        date == DateOnly.MaxValue ? null : Recurrence.FirstDateOnOrAfter(date.AddDays(1));
}

/// <summary>
/// The formats (the organisation's own codes) a meeting has on the <paramref name="WeekOfMonth"/>th of its weekday
/// in a month, 1 to 5, instead of its usual formats: they replace them, they are not added to them.
/// </summary>
internal sealed record WeekOfMonthFormats(int WeekOfMonth, IReadOnlyList<string> Formats)
{
    public bool Equals(WeekOfMonthFormats? other) =>
        other is not null && WeekOfMonth == other.WeekOfMonth && Formats.SequenceEqual(other.Formats, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(WeekOfMonth, Formats.Count);
}
