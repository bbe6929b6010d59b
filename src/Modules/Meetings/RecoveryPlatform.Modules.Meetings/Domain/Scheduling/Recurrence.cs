namespace RecoveryPlatform.Modules.Meetings.Domain.Scheduling;

/// <summary>
/// The rule that says on which local dates a meeting takes place. Only dates: the time of day,
/// the time zone and the validity window belong to <see cref="ScheduleDefinition"/>.
/// The hierarchy is closed (private constructor); its three kinds are nested below.
/// </summary>
internal abstract record Recurrence
{
    private Recurrence()
    {
    }

    /// <summary>
    /// The first date on or after <paramref name="date"/> on which the rule produces an occurrence,
    /// or null if the calendar (year 9999) ends first.
    /// </summary>
    internal abstract DateOnly? FirstDateOnOrAfter(DateOnly date);

    internal bool OccursOn(DateOnly date) => FirstDateOnOrAfter(date) == date;

    /// <summary>Problems with the rule's own fields; field names are prefixed with "Recurrence.".</summary>
    internal abstract IEnumerable<SchedulingProblem> Validate();

    /// <summary>
    /// The weeks of the month a weekly or every-N-weeks rule skips ("no meeting on the 1st Wednesday"):
    /// a date in one of them is not one of the rule's dates. Empty for the monthly rule, which names its week.
    /// </summary>
    internal virtual WeeksOfMonth SkippedWeeks => WeeksOfMonth.None;

    /// <summary>Every week on <paramref name="Day"/>, except in the weeks of the month <see cref="ExceptWeeksOfMonth"/> names.</summary>
    internal sealed record Weekly(DayOfWeek Day) : Recurrence
    {
        /// <summary>Weeks of the month without a meeting, e.g. {1}: not on the 1st Wednesday.</summary>
        public WeeksOfMonth ExceptWeeksOfMonth { get; init; }

        internal override WeeksOfMonth SkippedWeeks => ExceptWeeksOfMonth;

        internal override DateOnly? FirstDateOnOrAfter(DateOnly date) =>
            SkipWeeks(AddDays(date, DaysUntil(date.DayOfWeek, Day)), 7, ExceptWeeksOfMonth);

        internal override IEnumerable<SchedulingProblem> Validate() => ValidateDay(Day).Concat(ValidateSkippedWeeks(ExceptWeeksOfMonth));
    }

    /// <summary>
    /// Every <paramref name="IntervalWeeks"/> weeks (2 = fortnightly) on <paramref name="Day"/>: the meeting
    /// takes place on <paramref name="AnchorDate"/> ± k·IntervalWeeks weeks, so the anchor may lie in the past
    /// or the future. The anchor only fixes which weeks are "on"; it does not start the schedule
    /// (use <see cref="ScheduleDefinition.ValidFrom"/> for that).
    /// </summary>
    internal sealed record EveryNWeeks(int IntervalWeeks, DayOfWeek Day, DateOnly AnchorDate) : Recurrence
    {
        /// <summary>Weeks of the month without a meeting even when the cycle falls on them.</summary>
        public WeeksOfMonth ExceptWeeksOfMonth { get; init; }

        internal override WeeksOfMonth SkippedWeeks => ExceptWeeksOfMonth;

        internal override DateOnly? FirstDateOnOrAfter(DateOnly date)
        {
            long cycleDays = 7L * IntervalWeeks;
            long daysIntoCycle = Modulo(date.DayNumber - AnchorDate.DayNumber, cycleDays);
            return SkipWeeks(daysIntoCycle == 0 ? date : AddDays(date, cycleDays - daysIntoCycle), cycleDays, ExceptWeeksOfMonth);
        }

        internal override IEnumerable<SchedulingProblem> Validate()
        {
            foreach (var problem in ValidateDay(Day).Concat(ValidateSkippedWeeks(ExceptWeeksOfMonth)))
            {
                yield return problem;
            }

            if (IntervalWeeks < 2)
            {
                yield return new SchedulingProblem(
                    "Recurrence.IntervalWeeks",
                    "The interval must be at least 2 weeks; use a weekly recurrence for every week.");
            }

            if (Enum.IsDefined(Day) && AnchorDate.DayOfWeek != Day)
            {
                yield return new SchedulingProblem(
                    "Recurrence.AnchorDate",
                    $"The anchor date {AnchorDate:yyyy-MM-dd} is a {AnchorDate.DayOfWeek}, not a {Day}.");
            }
        }
    }

    /// <summary>
    /// Once a month on the <paramref name="WeekOfMonth"/>th <paramref name="Day"/> of the month:
    /// 1 to 5, or <see cref="Last"/> (-1) for the last one, e.g. (2, Tuesday) = "2nd Tuesday",
    /// (-1, Friday) = "last Friday". A 5th is only in the months that have one (four or five a year, as RFC 5545
    /// reads BYDAY=5TU); "the 5th, or else the last" is not this, and is <see cref="Last"/> in most feeds.
    /// </summary>
    internal sealed record MonthlyOnWeekday(int WeekOfMonth, DayOfWeek Day) : Recurrence
    {
        public const int Last = -1;

        public const int Fifth = 5;

        internal override DateOnly? FirstDateOnOrAfter(DateOnly date)
        {
            // Every weekday falls five times in some month of any 12 (a 31-day month has three weekdays five
            // times), so the search ends within a year; the other weeks are found this month or the next.
            var month = new DateOnly(date.Year, date.Month, 1);
            for (var months = 0; months <= 12; months++)
            {
                if (DateInMonth(month.Year, month.Month) is { } candidate && candidate >= date)
                {
                    return candidate;
                }

                if (month.Year == DateOnly.MaxValue.Year && month.Month == 12)
                {
                    return null;
                }

                month = month.AddMonths(1);
            }

            return null;
        }

        internal override IEnumerable<SchedulingProblem> Validate()
        {
            foreach (var problem in ValidateDay(Day))
            {
                yield return problem;
            }

            if (WeekOfMonth is not (>= 1 and <= Fifth or Last))
            {
                yield return new SchedulingProblem(
                    "Recurrence.WeekOfMonth",
                    $"The week of the month must be 1 to 5 (5: only in months that have one), or {Last} for the last one; it was {WeekOfMonth}.");
            }
        }

        /// <summary>The date this month, or null for a 5th in a month with only four of the weekday.</summary>
        private DateOnly? DateInMonth(int year, int month)
        {
            if (WeekOfMonth == Last)
            {
                var lastOfMonth = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
                return lastOfMonth.AddDays(-DaysUntil(Day, lastOfMonth.DayOfWeek));
            }

            var firstOfMonth = new DateOnly(year, month, 1);
            var day = 1 + DaysUntil(firstOfMonth.DayOfWeek, Day) + (7 * (WeekOfMonth - 1));
            return day <= DateTime.DaysInMonth(year, month) ? new DateOnly(year, month, day) : null;
        }
    }

    /// <summary>Days to go forward from a <paramref name="from"/> day to the next <paramref name="to"/> day (0 to 6).</summary>
    private static int DaysUntil(DayOfWeek from, DayOfWeek to) => (int)Modulo(to - from, 7);

    private static long Modulo(long value, long divisor) => ((value % divisor) + divisor) % divisor;

    private static DateOnly? AddDays(DateOnly date, long days) =>
        date.DayNumber + days <= DateOnly.MaxValue.DayNumber
            ? DateOnly.FromDayNumber((int)(date.DayNumber + days))
            : null;

    /// <summary>
    /// <paramref name="date"/>, or the first date after it <paramref name="stepDays"/> apart that is not in a
    /// skipped week. Ends: validation refuses a rule that skips every week, and a progression of weekdays
    /// 7·N days apart reaches every week of the month as month lengths shift it (within a few years for
    /// any interval); null only if the calendar ends first.
    /// </summary>
    private static DateOnly? SkipWeeks(DateOnly? date, long stepDays, WeeksOfMonth skipped)
    {
        if (skipped.IsEmpty || skipped.IsEveryWeek)
        {
            return date;
        }

        while (date is { } current && skipped.Contains(current))
        {
            date = AddDays(current, stepDays);
        }

        return date;
    }

    private static IEnumerable<SchedulingProblem> ValidateSkippedWeeks(WeeksOfMonth skipped)
    {
        if (!skipped.IsWellFormed)
        {
            yield return new SchedulingProblem("Recurrence.ExceptWeeksOfMonth", "Weeks of the month are 1 to 5.");
        }
        else if (skipped.IsEveryWeek)
        {
            yield return new SchedulingProblem(
                "Recurrence.ExceptWeeksOfMonth",
                "The meeting would never take place: weeks 1 to 5 are every week of the month. Leave out at least one.");
        }
    }

    private static IEnumerable<SchedulingProblem> ValidateDay(DayOfWeek day)
    {
        if (!Enum.IsDefined(day))
        {
            yield return new SchedulingProblem("Recurrence.Day", $"{(int)day} is not a day of the week.");
        }
    }
}
