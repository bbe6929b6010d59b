using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using static RecoveryPlatform.UnitTests.Meetings.Scheduling.TestSchedules;

namespace RecoveryPlatform.UnitTests.Meetings.Scheduling;

/// <summary>Cancellations and one-off changes to a Monday 19:00 London meeting.</summary>
public sealed class OverrideTests
{
    private static readonly Guid ChurchHall = Guid.Parse("0b6f6f8e-9a61-4a55-9a3e-3f0d6f3b8c21");

    private static MeetingSchedule MondaysWith(params OccurrenceOverride[] overrides) =>
        MeetingSchedule.Create(
            Definition(new Recurrence.Weekly(DayOfWeek.Monday), new TimeOnly(19, 0)) with { Overrides = overrides });

    [Fact]
    public void A_cancelled_date_is_left_out_of_the_occurrences()
    {
        var schedule = MondaysWith(new OccurrenceOverride.Cancellation(new DateOnly(2026, 2, 9)));

        var starts = schedule.Occurrences(Utc(2026, 2, 1), Utc(2026, 3, 1)).Starts();

        starts.ShouldBe([Utc(2026, 2, 2, 19), Utc(2026, 2, 16, 19), Utc(2026, 2, 23, 19)]);
    }

    [Fact]
    public void Given_next_week_is_cancelled_When_asking_for_the_next_occurrence_Then_it_is_the_week_after()
    {
        var schedule = MondaysWith(new OccurrenceOverride.Cancellation(new DateOnly(2026, 2, 9)));

        schedule.NextOccurrence(Utc(2026, 2, 3)).ShouldNotBeNull().StartUtc.ShouldBe(Utc(2026, 2, 16, 19));
    }

    [Fact]
    public void A_cancelled_meeting_is_never_in_progress()
    {
        var schedule = MondaysWith(new OccurrenceOverride.Cancellation(new DateOnly(2026, 2, 9)));

        schedule.OccurrenceInProgress(Utc(2026, 2, 9, 19, 30)).ShouldBeNull();
        schedule.OccurrenceInProgress(Utc(2026, 2, 16, 19, 30)).ShouldNotBeNull().StartUtc.ShouldBe(Utc(2026, 2, 16, 19));
    }

    [Fact]
    public void A_one_off_change_of_start_time_moves_only_that_dates_occurrence()
    {
        var schedule = MondaysWith(new OccurrenceOverride.Change(new DateOnly(2026, 2, 9), NewLocalStartTime: new TimeOnly(18, 0)));

        var occurrences = schedule.Occurrences(Utc(2026, 2, 1), Utc(2026, 2, 17)).ToList();

        occurrences.Starts().ShouldBe([Utc(2026, 2, 2, 19), Utc(2026, 2, 9, 18), Utc(2026, 2, 16, 19)]);
        occurrences.Select(o => o.IsChanged).ShouldBe([false, true, false]);
        occurrences[1].EndUtc.ShouldBe(Utc(2026, 2, 9, 19));
        occurrences[1].LocalStart.ShouldBe(new DateTime(2026, 2, 9, 18, 0, 0));
        occurrences[1].VenueIdOverride.ShouldBeNull();
    }

    [Fact]
    public void A_one_off_change_of_duration_keeps_the_start_and_moves_the_end()
    {
        var schedule = MondaysWith(new OccurrenceOverride.Change(new DateOnly(2026, 2, 9), NewDuration: TimeSpan.FromHours(2)));

        var occurrence = schedule.NextOccurrence(Utc(2026, 2, 3)).ShouldNotBeNull();

        occurrence.StartUtc.ShouldBe(Utc(2026, 2, 9, 19));
        occurrence.EndUtc.ShouldBe(Utc(2026, 2, 9, 21));
        occurrence.IsChanged.ShouldBeTrue();
    }

    [Fact]
    public void A_one_off_change_of_venue_is_reported_on_that_occurrence_only()
    {
        var schedule = MondaysWith(new OccurrenceOverride.Change(new DateOnly(2026, 2, 9), NewVenueId: ChurchHall));

        var occurrences = schedule.Occurrences(Utc(2026, 2, 1), Utc(2026, 2, 17)).ToList();

        occurrences.Starts().ShouldBe([Utc(2026, 2, 2, 19), Utc(2026, 2, 9, 19), Utc(2026, 2, 16, 19)]);
        occurrences.Select(o => o.VenueIdOverride).ShouldBe([null, ChurchHall, null]);
        occurrences[1].IsChanged.ShouldBeTrue();
    }

    [Fact]
    public void A_one_off_change_in_summer_is_read_in_British_Summer_Time()
    {
        var schedule = MondaysWith(new OccurrenceOverride.Change(
            new DateOnly(2026, 6, 15),
            NewLocalStartTime: new TimeOnly(20, 30),
            NewDuration: TimeSpan.FromMinutes(45)));

        var occurrence = schedule.NextOccurrence(Utc(2026, 6, 15)).ShouldNotBeNull();

        occurrence.StartUtc.ShouldBe(Utc(2026, 6, 15, 19, 30));
        occurrence.EndUtc.ShouldBe(Utc(2026, 6, 15, 20, 15));
        occurrence.UtcOffset.ShouldBe(TimeSpan.FromHours(1));
    }

    [Fact]
    public void A_one_off_change_into_the_spring_forward_gap_follows_the_same_rule_as_the_schedule()
    {
        var sundayMornings = MeetingSchedule.Create(
            Definition(new Recurrence.Weekly(DayOfWeek.Sunday), new TimeOnly(10, 0)) with
            {
                Overrides = [new OccurrenceOverride.Change(new DateOnly(2026, 3, 29), NewLocalStartTime: new TimeOnly(1, 15))],
            });

        var occurrence = sundayMornings.NextOccurrence(Utc(2026, 3, 28)).ShouldNotBeNull();

        occurrence.StartUtc.ShouldBe(Utc(2026, 3, 29, 1, 15));
        occurrence.LocalStart.ShouldBe(new DateTime(2026, 3, 29, 2, 15, 0));
    }
}
