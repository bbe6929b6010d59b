using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using static RecoveryPlatform.UnitTests.Meetings.Scheduling.TestSchedules;

namespace RecoveryPlatform.UnitTests.Meetings.Scheduling;

public sealed class RecurrenceKindTests
{
    private static readonly TimeOnly SevenPm = new(19, 0);

    private static IReadOnlyList<DateTimeOffset> StartsBetween(Recurrence recurrence, DateTimeOffset from, DateTimeOffset to) =>
        MeetingSchedule.Create(Definition(recurrence, SevenPm)).Occurrences(from, to).Starts();

    [Fact]
    public void A_weekly_meeting_occurs_every_week_on_its_weekday()
    {
        var starts = StartsBetween(new Recurrence.Weekly(DayOfWeek.Wednesday), Utc(2026, 1, 1), Utc(2026, 2, 1));

        starts.ShouldBe([Utc(2026, 1, 7, 19), Utc(2026, 1, 14, 19), Utc(2026, 1, 21, 19), Utc(2026, 1, 28, 19)]);
    }

    [Fact]
    public void A_fortnightly_meeting_anchored_in_the_past_occurs_in_the_anchors_weeks_only()
    {
        // 2026-01-06 is 105 weeks after the anchor (odd), so the "on" weeks in January are the 13th and 27th.
        var fortnightly = new Recurrence.EveryNWeeks(2, DayOfWeek.Tuesday, new DateOnly(2024, 1, 2));

        var starts = StartsBetween(fortnightly, Utc(2026, 1, 1), Utc(2026, 2, 1));

        starts.ShouldBe([Utc(2026, 1, 13, 19), Utc(2026, 1, 27, 19)]);
    }

    [Fact]
    public void A_fortnightly_meeting_anchored_in_the_future_also_occurs_before_the_anchor()
    {
        var fortnightly = new Recurrence.EveryNWeeks(2, DayOfWeek.Tuesday, new DateOnly(2027, 6, 1));

        var starts = StartsBetween(fortnightly, Utc(2026, 1, 1), Utc(2026, 2, 1));

        starts.ShouldBe([Utc(2026, 1, 13, 19), Utc(2026, 1, 27, 19)]);
    }

    [Fact]
    public void A_fortnightly_meeting_occurs_on_its_anchor_date()
    {
        var fortnightly = new Recurrence.EveryNWeeks(2, DayOfWeek.Thursday, new DateOnly(2026, 1, 8));

        var next = MeetingSchedule.Create(Definition(fortnightly, SevenPm)).NextOccurrence(Utc(2026, 1, 1));

        next.ShouldNotBeNull().StartUtc.ShouldBe(Utc(2026, 1, 8, 19));
    }

    [Fact]
    public void An_every_three_weeks_meeting_skips_two_weeks_each_time()
    {
        var everyThreeWeeks = new Recurrence.EveryNWeeks(3, DayOfWeek.Tuesday, new DateOnly(2026, 1, 6));

        var starts = StartsBetween(everyThreeWeeks, Utc(2026, 1, 1), Utc(2026, 3, 1));

        starts.ShouldBe([Utc(2026, 1, 6, 19), Utc(2026, 1, 27, 19), Utc(2026, 2, 17, 19)]);
    }

    [Fact]
    public void Last_Friday_is_the_fifth_Friday_in_a_month_with_five_and_the_fourth_in_a_month_with_four()
    {
        // January 2026 has Fridays 2, 9, 16, 23, 30; February 2026 has 6, 13, 20, 27.
        var lastFriday = new Recurrence.MonthlyOnWeekday(Recurrence.MonthlyOnWeekday.Last, DayOfWeek.Friday);

        var starts = StartsBetween(lastFriday, Utc(2026, 1, 1), Utc(2026, 4, 1));

        starts.ShouldBe([Utc(2026, 1, 30, 19), Utc(2026, 2, 27, 19), Utc(2026, 3, 27, 19)]);
    }

    [Fact]
    public void Fourth_Thursday_is_not_the_last_Thursday_in_a_month_with_five()
    {
        // January 2026 has Thursdays 1, 8, 15, 22, 29; November 2026 has 5, 12, 19, 26.
        var fourthThursday = new Recurrence.MonthlyOnWeekday(4, DayOfWeek.Thursday);

        var january = StartsBetween(fourthThursday, Utc(2026, 1, 1), Utc(2026, 2, 1));
        var november = StartsBetween(fourthThursday, Utc(2026, 11, 1), Utc(2026, 12, 1));

        january.ShouldBe([Utc(2026, 1, 22, 19)]);
        november.ShouldBe([Utc(2026, 11, 26, 19)]);
    }

    [Fact]
    public void Last_Tuesday_of_February_is_the_29th_in_the_leap_year_2028()
    {
        var lastTuesday = new Recurrence.MonthlyOnWeekday(Recurrence.MonthlyOnWeekday.Last, DayOfWeek.Tuesday);

        var leapFebruary = StartsBetween(lastTuesday, Utc(2028, 2, 1), Utc(2028, 3, 1));
        var ordinaryFebruary = StartsBetween(lastTuesday, Utc(2027, 2, 1), Utc(2027, 3, 1));

        leapFebruary.ShouldBe([Utc(2028, 2, 29, 19)]);
        ordinaryFebruary.ShouldBe([Utc(2027, 2, 23, 19)]);
    }

    [Fact]
    public void Fourth_Tuesday_of_the_leap_February_2028_is_the_22nd()
    {
        var fourthTuesday = new Recurrence.MonthlyOnWeekday(4, DayOfWeek.Tuesday);

        StartsBetween(fourthTuesday, Utc(2028, 2, 1), Utc(2028, 3, 1)).ShouldBe([Utc(2028, 2, 22, 19)]);
    }

    [Fact]
    public void Second_Tuesday_counts_from_the_first_Tuesday_of_the_month()
    {
        // March 2026 starts on a Sunday: Tuesdays 3 and 10.
        var secondTuesday = new Recurrence.MonthlyOnWeekday(2, DayOfWeek.Tuesday);

        StartsBetween(secondTuesday, Utc(2026, 3, 1), Utc(2026, 4, 1)).ShouldBe([Utc(2026, 3, 10, 19)]);
    }

    [Fact]
    public void First_Monday_is_the_1st_when_the_month_starts_on_a_Monday()
    {
        // June 2026 starts on a Monday; 19:00 BST is 18:00 UTC.
        var firstMonday = new Recurrence.MonthlyOnWeekday(1, DayOfWeek.Monday);

        StartsBetween(firstMonday, Utc(2026, 5, 15), Utc(2026, 7, 15)).ShouldBe([Utc(2026, 6, 1, 18), Utc(2026, 7, 6, 18)]);
    }

    [Fact]
    public void Given_a_monthly_meeting_already_past_this_month_When_asking_for_the_next_Then_it_is_next_months()
    {
        var lastFriday = new Recurrence.MonthlyOnWeekday(Recurrence.MonthlyOnWeekday.Last, DayOfWeek.Friday);

        var next = MeetingSchedule.Create(Definition(lastFriday, SevenPm)).NextOccurrence(Utc(2026, 1, 30, 20));

        next.ShouldNotBeNull().StartUtc.ShouldBe(Utc(2026, 2, 27, 19));
    }
}
