using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using static RecoveryPlatform.UnitTests.Meetings.Scheduling.TestSchedules;

namespace RecoveryPlatform.UnitTests.Meetings.Scheduling;

/// <summary>A Monday 19:00 London meeting that runs from Monday 2 February to Monday 23 February 2026, both included.</summary>
public sealed class ValidityWindowTests
{
    private static readonly MeetingSchedule FebruaryMondays = MeetingSchedule.Create(
        Definition(new Recurrence.Weekly(DayOfWeek.Monday), new TimeOnly(19, 0)) with
        {
            ValidFrom = new DateOnly(2026, 2, 2),
            ValidUntil = new DateOnly(2026, 2, 23),
        });

    [Fact]
    public void Occurrences_stay_inside_the_window_and_include_both_end_dates()
    {
        var starts = FebruaryMondays.Occurrences(Utc(2026, 1, 1), Utc(2027, 1, 1)).Starts();

        starts.ShouldBe([Utc(2026, 2, 2, 19), Utc(2026, 2, 9, 19), Utc(2026, 2, 16, 19), Utc(2026, 2, 23, 19)]);
    }

    [Fact]
    public void Given_a_time_before_ValidFrom_When_asking_for_the_next_occurrence_Then_it_is_the_first_in_the_window()
    {
        FebruaryMondays.NextOccurrence(Utc(2026, 1, 1)).ShouldNotBeNull().StartUtc.ShouldBe(Utc(2026, 2, 2, 19));
    }

    [Fact]
    public void Given_a_time_after_ValidUntil_When_asking_for_the_next_occurrence_Then_there_is_none()
    {
        FebruaryMondays.NextOccurrence(Utc(2026, 3, 1)).ShouldBeNull();
    }

    [Fact]
    public void Given_the_last_meeting_has_started_When_asking_for_the_next_occurrence_Then_there_is_none_but_it_is_in_progress()
    {
        var duringTheLastMeeting = Utc(2026, 2, 23, 19, 30);

        FebruaryMondays.NextOccurrence(duringTheLastMeeting).ShouldBeNull();
        FebruaryMondays.OccurrenceInProgress(duringTheLastMeeting).ShouldNotBeNull().StartUtc.ShouldBe(Utc(2026, 2, 23, 19));
    }

    [Fact]
    public void StartsWithin_finds_nothing_after_ValidUntil()
    {
        FebruaryMondays.StartsWithin(Utc(2026, 3, 2, 18), TimeSpan.FromDays(365)).ShouldBeNull();
    }

    [Fact]
    public void The_window_is_in_local_dates_so_a_New_York_meeting_on_ValidUntil_counts_although_it_starts_the_next_UTC_day()
    {
        var schedule = MeetingSchedule.Create(
            Definition(new Recurrence.Weekly(DayOfWeek.Monday), new TimeOnly(21, 0), timeZoneId: "America/New_York") with
            {
                ValidUntil = new DateOnly(2026, 1, 12),
            });

        var starts = schedule.Occurrences(Utc(2026, 1, 1), Utc(2026, 2, 1)).Starts();

        starts.ShouldBe([Utc(2026, 1, 6, 2), Utc(2026, 1, 13, 2)]);
    }
}
