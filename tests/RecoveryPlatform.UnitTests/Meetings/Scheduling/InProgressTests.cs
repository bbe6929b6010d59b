using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using static RecoveryPlatform.UnitTests.Meetings.Scheduling.TestSchedules;

namespace RecoveryPlatform.UnitTests.Meetings.Scheduling;

public sealed class InProgressTests
{
    /// <summary>Saturday 23:30 London, 90 minutes: it ends at 01:00 on Sunday.</summary>
    private static readonly MeetingSchedule SaturdayLateNight =
        Weekly(DayOfWeek.Saturday, new TimeOnly(23, 30), TimeSpan.FromMinutes(90));

    [Fact]
    public void Given_a_meeting_that_crosses_midnight_When_it_is_0030_the_next_day_Then_it_is_in_progress()
    {
        var occurrence = SaturdayLateNight.OccurrenceInProgress(Utc(2026, 1, 11, 0, 30)).ShouldNotBeNull();

        occurrence.LocalDate.ShouldBe(new DateOnly(2026, 1, 10));
        occurrence.StartUtc.ShouldBe(Utc(2026, 1, 10, 23, 30));
        occurrence.EndUtc.ShouldBe(Utc(2026, 1, 11, 1, 0));
    }

    [Fact]
    public void Given_a_meeting_that_crosses_midnight_in_summer_When_it_is_0030_BST_the_next_day_Then_it_is_in_progress()
    {
        var occurrence = SaturdayLateNight.OccurrenceInProgress(Utc(2026, 7, 11, 23, 30)).ShouldNotBeNull();

        occurrence.LocalDate.ShouldBe(new DateOnly(2026, 7, 11));
        occurrence.StartUtc.ShouldBe(Utc(2026, 7, 11, 22, 30));
        occurrence.EndUtc.ShouldBe(Utc(2026, 7, 12, 0, 0));
    }

    [Fact]
    public void A_meeting_is_in_progress_from_its_first_instant_but_not_at_its_end()
    {
        SaturdayLateNight.OccurrenceInProgress(Utc(2026, 1, 10, 23, 30)).ShouldNotBeNull().StartUtc.ShouldBe(Utc(2026, 1, 10, 23, 30));
        SaturdayLateNight.OccurrenceInProgress(Utc(2026, 1, 11, 1, 0)).ShouldBeNull();
        SaturdayLateNight.OccurrenceInProgress(Utc(2026, 1, 10, 23, 29)).ShouldBeNull();
    }

    [Fact]
    public void A_24_hour_meeting_is_in_progress_until_its_last_minute()
    {
        var marathon = Weekly(DayOfWeek.Saturday, new TimeOnly(12, 0), TimeSpan.FromHours(24));

        marathon.OccurrenceInProgress(Utc(2026, 1, 11, 11, 59)).ShouldNotBeNull().StartUtc.ShouldBe(Utc(2026, 1, 10, 12));
        marathon.OccurrenceInProgress(Utc(2026, 1, 11, 12)).ShouldBeNull();
    }

    [Fact]
    public void StartsWithin_finds_a_meeting_starting_inside_the_window()
    {
        var occurrence = SaturdayLateNight.StartsWithin(Utc(2026, 1, 10, 23), TimeSpan.FromMinutes(31)).ShouldNotBeNull();

        occurrence.StartUtc.ShouldBe(Utc(2026, 1, 10, 23, 30));
    }

    [Fact]
    public void StartsWithin_includes_a_start_at_the_beginning_of_the_window_and_excludes_one_at_its_end()
    {
        SaturdayLateNight.StartsWithin(Utc(2026, 1, 10, 23, 30), TimeSpan.FromMinutes(1)).ShouldNotBeNull()
            .StartUtc.ShouldBe(Utc(2026, 1, 10, 23, 30));
        SaturdayLateNight.StartsWithin(Utc(2026, 1, 10, 23), TimeSpan.FromMinutes(30)).ShouldBeNull();
    }

    [Fact]
    public void StartsWithin_ignores_a_meeting_already_in_progress()
    {
        var duringTheMeeting = Utc(2026, 1, 11, 0, 30);

        SaturdayLateNight.StartsWithin(duringTheMeeting, TimeSpan.FromHours(2)).ShouldBeNull();
        SaturdayLateNight.StartsWithin(duringTheMeeting, TimeSpan.FromDays(7)).ShouldNotBeNull()
            .StartUtc.ShouldBe(Utc(2026, 1, 17, 23, 30));
    }
}
