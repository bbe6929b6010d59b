using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using static RecoveryPlatform.UnitTests.Meetings.Scheduling.TestSchedules;

namespace RecoveryPlatform.UnitTests.Meetings.Scheduling;

/// <summary>
/// What feeds write in notes, as rules: a weekly (or every-N-weeks) meeting that skips weeks of the month ("no meeting
/// on the 1st Wednesday"), formats by week of the month ("5th week is a literature meeting"), and a one-off change of formats.
/// </summary>
public sealed class WeekOfMonthTests
{
    private static readonly TimeOnly SevenPm = new(19, 0);

    private static ScheduleDefinition WeeklySkipping(DayOfWeek day, TimeOnly start, int[] weeks, string zone = ScheduleDefinition.DefaultTimeZoneId) =>
        Definition(new Recurrence.Weekly(day) { ExceptWeeksOfMonth = WeeksOfMonth.Of(weeks) }, start, timeZoneId: zone);

    [Theory]
    [InlineData(2026, 12, 1, 1)]
    [InlineData(2026, 12, 7, 1)]
    [InlineData(2026, 12, 8, 2)]
    [InlineData(2026, 12, 28, 4)]
    [InlineData(2026, 12, 29, 5)]
    [InlineData(2026, 12, 31, 5)]
    public void A_dates_week_of_the_month_is_which_of_its_weekday_it_is(int year, int month, int day, int week) =>
        WeeksOfMonth.WeekOf(new DateOnly(year, month, day)).ShouldBe(week);

    [Fact]
    public void A_weekly_meeting_that_skips_the_first_week_has_no_first_Wednesday_in_a_month_with_five()
    {
        // December 2026 has five Wednesdays: 2, 9, 16, 23 and 30 (GMT all month).
        var schedule = MeetingSchedule.Create(WeeklySkipping(DayOfWeek.Wednesday, SevenPm, [1]));

        schedule.Occurrences(Utc(2026, 12, 1), Utc(2027, 1, 1)).Starts()
            .ShouldBe([Utc(2026, 12, 9, 19), Utc(2026, 12, 16, 19), Utc(2026, 12, 23, 19), Utc(2026, 12, 30, 19)]);
    }

    [Fact]
    public void Skipping_the_fifth_week_leaves_months_with_four_untouched()
    {
        // November 2026 has four Wednesdays (4–25); December's fifth (30th) is skipped.
        var schedule = MeetingSchedule.Create(WeeklySkipping(DayOfWeek.Wednesday, SevenPm, [5]));

        schedule.Occurrences(Utc(2026, 11, 1), Utc(2027, 1, 1)).Select(o => o.LocalDate.Day)
            .ShouldBe([4, 11, 18, 25, 2, 9, 16, 23]);
    }

    [Fact]
    public void The_next_occurrence_is_never_a_skipped_date()
    {
        var schedule = MeetingSchedule.Create(WeeklySkipping(DayOfWeek.Wednesday, SevenPm, [1]));

        // Just after the 4th Wednesday of November: the next Wednesday (2 December) is the 1st, skipped.
        schedule.NextOccurrence(Utc(2026, 11, 25, 20))!.LocalDate.ShouldBe(new DateOnly(2026, 12, 9));
        schedule.StartsWithin(Utc(2026, 12, 2, 18), TimeSpan.FromHours(6)).ShouldBeNull();
    }

    [Fact]
    public void A_skipped_week_follows_the_meetings_own_zone_across_the_spring_clock_change()
    {
        // New York: clocks go forward on Sunday 8 March 2026 (2nd Sunday). A 01:30 Sunday meeting skipping week 2
        // has no occurrence that day; the 1st and 3rd Sundays keep their local time on either side of the change.
        var schedule = MeetingSchedule.Create(WeeklySkipping(DayOfWeek.Sunday, new TimeOnly(1, 30), [2], "America/New_York"));

        var occurrences = schedule.Occurrences(Utc(2026, 3, 1), Utc(2026, 3, 23)).ToList();

        occurrences.Select(o => o.LocalDate).ShouldBe([new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 15), new DateOnly(2026, 3, 22)]);
        occurrences[0].StartUtc.ShouldBe(Utc(2026, 3, 1, 6, 30));
        occurrences[1].StartUtc.ShouldBe(Utc(2026, 3, 15, 5, 30));
    }

    [Fact]
    public void A_late_evening_meeting_skips_by_its_local_date_not_the_utc_one()
    {
        // 23:30 in New York on Wednesday 2 December 2026 (1st Wednesday) is 04:30 UTC on Thursday 3 December.
        var schedule = MeetingSchedule.Create(WeeklySkipping(DayOfWeek.Wednesday, new TimeOnly(23, 30), [1], "America/New_York"));

        schedule.NextOccurrence(Utc(2026, 12, 1))!.StartUtc.ShouldBe(Utc(2026, 12, 10, 4, 30));
    }

    [Fact]
    public void A_fortnightly_meeting_skips_its_cycles_dates_in_the_skipped_weeks()
    {
        // Every other Wednesday from 2 December 2026: of its dates to April, 2 December and 7 April are 1st Wednesdays.
        var recurrence = new Recurrence.EveryNWeeks(2, DayOfWeek.Wednesday, new DateOnly(2026, 12, 2)) { ExceptWeeksOfMonth = WeeksOfMonth.Of([1]) };
        var schedule = MeetingSchedule.Create(Definition(recurrence, SevenPm));

        schedule.Occurrences(Utc(2026, 12, 1), Utc(2027, 5, 1)).Select(o => o.LocalDate.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(
            ["12-16", "12-30", "01-13", "01-27", "02-10", "02-24", "03-10", "03-24", "04-21"]);
    }

    [Fact]
    public void A_cancellation_cannot_be_put_on_a_skipped_date_and_works_on_the_others()
    {
        var skipping = WeeklySkipping(DayOfWeek.Wednesday, SevenPm, [1]);

        MeetingSchedule.TryCreate(skipping with { Overrides = [new OccurrenceOverride.Cancellation(new DateOnly(2026, 12, 2))] }, out _, out var problems)
            .ShouldBeFalse();
        problems.ShouldHaveSingleItem().Field.ShouldBe("Overrides[0].Date");

        var schedule = MeetingSchedule.Create(skipping with { Overrides = [new OccurrenceOverride.Cancellation(new DateOnly(2026, 12, 9))] });
        schedule.Occurrences(Utc(2026, 12, 1), Utc(2026, 12, 20)).Select(o => o.LocalDate).ShouldBe([new DateOnly(2026, 12, 16)]);
    }

    [Fact]
    public void Skipping_every_week_is_refused_as_a_meeting_that_never_meets()
    {
        MeetingSchedule.TryCreate(WeeklySkipping(DayOfWeek.Wednesday, SevenPm, [1, 2, 3, 4, 5]), out _, out var problems).ShouldBeFalse();

        problems.ShouldHaveSingleItem().Field.ShouldBe("Recurrence.ExceptWeeksOfMonth");
    }

    [Fact]
    public void A_meeting_only_in_fifth_weeks_is_allowed_and_meets_in_the_months_that_have_one()
    {
        var schedule = MeetingSchedule.Create(WeeklySkipping(DayOfWeek.Wednesday, SevenPm, [1, 2, 3, 4]));

        schedule.Occurrences(Utc(2026, 1, 1), Utc(2027, 1, 1)).Select(o => o.LocalDate).ShouldBe(
            [new DateOnly(2026, 4, 29), new DateOnly(2026, 7, 29), new DateOnly(2026, 9, 30), new DateOnly(2026, 12, 30)]);
    }

    [Fact]
    public void A_bounded_window_holding_only_skipped_dates_can_never_occur()
    {
        var definition = WeeklySkipping(DayOfWeek.Wednesday, SevenPm, [1]) with { ValidFrom = new DateOnly(2026, 12, 1), ValidUntil = new DateOnly(2026, 12, 7) };

        MeetingSchedule.TryCreate(definition, out _, out var problems).ShouldBeFalse();
        problems.ShouldHaveSingleItem().Field.ShouldBe("ValidUntil");
    }

    [Fact]
    public void Recurrences_with_the_same_skipped_weeks_are_equal_and_with_others_are_not()
    {
        (new Recurrence.Weekly(DayOfWeek.Monday) { ExceptWeeksOfMonth = WeeksOfMonth.Of([3, 1]) })
            .ShouldBe(new Recurrence.Weekly(DayOfWeek.Monday) { ExceptWeeksOfMonth = WeeksOfMonth.Of([1, 3]) });
        (new Recurrence.Weekly(DayOfWeek.Monday) { ExceptWeeksOfMonth = WeeksOfMonth.Of([1]) }).ShouldNotBe(new Recurrence.Weekly(DayOfWeek.Monday));
    }

    [Fact]
    public void Each_occurrence_has_its_weeks_formats_and_the_others_the_usual_ones()
    {
        var definition = Definition(new Recurrence.Weekly(DayOfWeek.Wednesday), SevenPm) with { FormatsByWeekOfMonth = [new WeekOfMonthFormats(5, ["LIT"])] };

        var formats = MeetingSchedule.Create(definition).Occurrences(Utc(2026, 12, 1), Utc(2027, 1, 1)).Select(o => o.FormatsOverride).ToList();

        formats.Take(4).ShouldAllBe(f => f == null);
        formats[4].ShouldBe(["LIT"]);
    }

    [Fact]
    public void A_one_off_change_of_formats_wins_over_the_weeks_formats_and_leaves_the_time()
    {
        // Wednesday 30 December 2026 is a 5th Wednesday: the change's formats replace the week's.
        var definition = Definition(new Recurrence.Weekly(DayOfWeek.Wednesday), SevenPm) with
        {
            FormatsByWeekOfMonth = [new WeekOfMonthFormats(5, ["LIT"])],
            Overrides = [new OccurrenceOverride.Change(new DateOnly(2026, 12, 30), NewFormats: ["SP"]), new OccurrenceOverride.Change(new DateOnly(2026, 12, 23), NewFormats: ["SP", "O"])],
        };

        var occurrences = MeetingSchedule.Create(definition).Occurrences(Utc(2026, 12, 20), Utc(2027, 1, 1)).ToList();

        occurrences.Select(o => o.FormatsOverride).ShouldBe([["SP", "O"], ["SP"]]);
        occurrences.ShouldAllBe(o => o.IsChanged);
        occurrences[1].StartUtc.ShouldBe(Utc(2026, 12, 30, 19));
    }

    [Fact]
    public void A_change_of_formats_alone_is_a_change()
    {
        var definition = Definition(new Recurrence.Weekly(DayOfWeek.Thursday), SevenPm) with
        {
            Overrides = [new OccurrenceOverride.Change(new DateOnly(2026, 12, 24), NewFormats: [])],
        };

        MeetingSchedule.TryCreate(definition, out _, out var problems).ShouldBeTrue(string.Join("; ", problems));
    }

    [Theory]
    [InlineData(0, "FormatsByWeekOfMonth[0].WeekOfMonth")]
    [InlineData(6, "FormatsByWeekOfMonth[0].WeekOfMonth")]
    [InlineData(-1, "FormatsByWeekOfMonth[0].WeekOfMonth")]
    public void A_week_outside_1_to_5_is_refused(int week, string field)
    {
        var definition = Definition(new Recurrence.Weekly(DayOfWeek.Wednesday), SevenPm) with { FormatsByWeekOfMonth = [new WeekOfMonthFormats(week, ["LIT"])] };

        MeetingSchedule.TryCreate(definition, out _, out var problems).ShouldBeFalse();
        problems.ShouldHaveSingleItem().Field.ShouldBe(field);
    }

    [Fact]
    public void Formats_for_the_same_week_twice_or_for_a_skipped_week_are_refused()
    {
        var definition = WeeklySkipping(DayOfWeek.Wednesday, SevenPm, [1]) with
        {
            FormatsByWeekOfMonth = [new WeekOfMonthFormats(5, ["LIT"]), new WeekOfMonthFormats(5, ["SP"]), new WeekOfMonthFormats(1, ["SP"])],
        };

        MeetingSchedule.TryCreate(definition, out _, out var problems).ShouldBeFalse();
        problems.Select(p => p.Field).ShouldBe(["FormatsByWeekOfMonth[1].WeekOfMonth", "FormatsByWeekOfMonth[2].WeekOfMonth"]);
    }

    [Fact]
    public void Formats_by_week_are_refused_for_a_monthly_meeting()
    {
        var definition = Definition(new Recurrence.MonthlyOnWeekday(2, DayOfWeek.Wednesday), SevenPm) with { FormatsByWeekOfMonth = [new WeekOfMonthFormats(2, ["LIT"])] };

        MeetingSchedule.TryCreate(definition, out _, out var problems).ShouldBeFalse();
        problems.ShouldHaveSingleItem().Field.ShouldBe("FormatsByWeekOfMonth");
    }
}
