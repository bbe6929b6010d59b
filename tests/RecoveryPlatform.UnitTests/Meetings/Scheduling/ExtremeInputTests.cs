using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using static RecoveryPlatform.UnitTests.Meetings.Scheduling.TestSchedules;

namespace RecoveryPlatform.UnitTests.Meetings.Scheduling;

/// <summary>Callers may pass the ends of time as "no limit"; the engine must answer, not overflow.</summary>
public sealed class ExtremeInputTests
{
    private static readonly MeetingSchedule FebruaryMondays = MeetingSchedule.Create(
        Definition(new Recurrence.Weekly(DayOfWeek.Monday), new TimeOnly(19, 0)) with
        {
            ValidFrom = new DateOnly(2026, 2, 2),
            ValidUntil = new DateOnly(2026, 2, 23),
        });

    [Fact]
    public void Occurrences_over_all_of_time_are_those_of_the_validity_window()
    {
        var starts = FebruaryMondays.Occurrences(DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Starts();

        starts.ShouldBe([Utc(2026, 2, 2, 19), Utc(2026, 2, 9, 19), Utc(2026, 2, 16, 19), Utc(2026, 2, 23, 19)]);
    }

    [Fact]
    public void NextOccurrence_from_the_beginning_of_time_is_the_first_one()
    {
        FebruaryMondays.NextOccurrence(DateTimeOffset.MinValue).ShouldNotBeNull().StartUtc.ShouldBe(Utc(2026, 2, 2, 19));
    }

    [Fact]
    public void An_open_ended_schedule_answers_at_both_ends_of_time()
    {
        var mondays = Weekly(DayOfWeek.Monday, new TimeOnly(19, 0), timeZoneId: "Pacific/Kiritimati"); // UTC+14

        mondays.NextOccurrence(DateTimeOffset.MaxValue).ShouldBeNull();
        mondays.OccurrenceInProgress(DateTimeOffset.MaxValue).ShouldBeNull();
        mondays.OccurrenceInProgress(DateTimeOffset.MinValue).ShouldBeNull();
        // Instants are computed from year 2 on; 0002-01-07 is its first Monday (proleptic Gregorian calendar).
        mondays.NextOccurrence(DateTimeOffset.MinValue).ShouldNotBeNull().LocalDate.ShouldBe(new DateOnly(2, 1, 7));
    }

    [Fact]
    public void A_huge_interval_whose_next_date_is_past_the_calendar_never_occurs_again()
    {
        var rarely = new Recurrence.EveryNWeeks(int.MaxValue, DayOfWeek.Friday, new DateOnly(2026, 1, 2));
        var schedule = MeetingSchedule.Create(Definition(rarely, new TimeOnly(19, 0)));

        schedule.NextOccurrence(Utc(2026, 1, 1)).ShouldNotBeNull().StartUtc.ShouldBe(Utc(2026, 1, 2, 19));
        schedule.NextOccurrence(Utc(2026, 1, 3)).ShouldBeNull();
    }
}
