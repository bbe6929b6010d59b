using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using static RecoveryPlatform.UnitTests.Meetings.Scheduling.TestSchedules;

namespace RecoveryPlatform.UnitTests.Meetings.Scheduling;

/// <summary>Monthly on the 5th weekday: only in the months that have one, as feeds' "5th Wednesday" meetings meet.</summary>
public sealed class FifthWeekTests
{
    private static readonly TimeOnly SevenPm = new(19, 0);

    private static MeetingSchedule Fifth(DayOfWeek day, TimeOnly start, string timeZoneId = ScheduleDefinition.DefaultTimeZoneId) =>
        MeetingSchedule.Create(Definition(new Recurrence.MonthlyOnWeekday(Recurrence.MonthlyOnWeekday.Fifth, day), start, timeZoneId: timeZoneId));

    [Fact]
    public void A_fifth_Wednesday_meeting_meets_only_in_the_months_with_five_Wednesdays()
    {
        // 2026 has five Wednesdays in April, July, September and December; BST from 29 March to 25 October.
        var starts = Fifth(DayOfWeek.Wednesday, SevenPm).Occurrences(Utc(2026, 1, 1), Utc(2027, 1, 1)).Starts();

        starts.ShouldBe([Utc(2026, 4, 29, 18), Utc(2026, 7, 29, 18), Utc(2026, 9, 30, 18), Utc(2026, 12, 30, 19)]);
    }

    [Fact]
    public void The_next_fifth_is_found_across_months_without_one()
    {
        var schedule = Fifth(DayOfWeek.Wednesday, SevenPm);

        schedule.NextOccurrence(Utc(2026, 5, 1))!.StartUtc.ShouldBe(Utc(2026, 7, 29, 18));
    }

    [Fact]
    public void A_fifth_Sunday_on_the_spring_forward_day_takes_a_missing_time_at_the_offset_before_the_gap()
    {
        // 29 March 2026 is the fifth Sunday and the day London's clocks go from 01:00 to 02:00: 01:30 does not exist.
        var occurrence = Fifth(DayOfWeek.Sunday, new TimeOnly(1, 30)).Occurrences(Utc(2026, 3, 1), Utc(2026, 4, 1)).Single();

        occurrence.StartUtc.ShouldBe(Utc(2026, 3, 29, 1, 30));
    }

    [Fact]
    public void A_fifth_Sunday_on_the_fall_back_day_takes_the_first_of_the_two_times()
    {
        // 31 October 2027 is the fifth Sunday and the day London's clocks go back from 02:00 to 01:00.
        var occurrence = Fifth(DayOfWeek.Sunday, new TimeOnly(1, 30)).Occurrences(Utc(2027, 10, 1), Utc(2027, 11, 1)).Single();

        occurrence.StartUtc.ShouldBe(Utc(2027, 10, 31, 0, 30));
    }

    [Fact]
    public void A_fifth_in_another_zone_is_that_zones_local_date()
    {
        // 29 April 2026 at 19:00 in New York (EDT, UTC-4) is 23:00 UTC.
        var starts = Fifth(DayOfWeek.Wednesday, SevenPm, "America/New_York").Occurrences(Utc(2026, 4, 1), Utc(2026, 6, 1)).Starts();

        starts.ShouldBe([Utc(2026, 4, 29, 23)]);
    }

    [Fact]
    public void A_validity_window_with_no_fifth_Wednesday_can_never_occur()
    {
        var definition = Definition(new Recurrence.MonthlyOnWeekday(Recurrence.MonthlyOnWeekday.Fifth, DayOfWeek.Wednesday), SevenPm) with
        {
            ValidFrom = new DateOnly(2026, 5, 1),
            ValidUntil = new DateOnly(2026, 6, 30),
        };

        MeetingSchedule.TryCreate(definition, out _, out var problems).ShouldBeFalse();
        problems.ShouldNotBeEmpty();
    }
}
