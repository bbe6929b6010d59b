using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using static RecoveryPlatform.UnitTests.Meetings.Scheduling.TestSchedules;

namespace RecoveryPlatform.UnitTests.Meetings.Scheduling;

/// <summary>2026 runs from Thursday 1 January to Thursday 31 December, so it has 53 Thursdays and 52 of every other day.</summary>
public sealed class WholeYearTests
{
    private static readonly DateTimeOffset StartOf2026 = Utc(2026, 1, 1);
    private static readonly DateTimeOffset StartOf2027 = Utc(2027, 1, 1);
    private static readonly TimeOnly SevenPm = new(19, 0);

    [Fact]
    public void A_weekly_Thursday_meeting_occurs_53_times_in_2026_at_the_right_instants()
    {
        var occurrences = Weekly(DayOfWeek.Thursday, SevenPm).Occurrences(StartOf2026, StartOf2027).ToList();

        occurrences.Count.ShouldBe(53);
        occurrences[0].StartUtc.ShouldBe(Utc(2026, 1, 1, 19));
        occurrences[26].StartUtc.ShouldBe(Utc(2026, 7, 2, 18)); // 19:00 BST
        occurrences[^1].StartUtc.ShouldBe(Utc(2026, 12, 31, 19));
        occurrences.Select(o => o.LocalStart.TimeOfDay).Distinct().ShouldBe([new TimeSpan(19, 0, 0)]);
        occurrences.ShouldAllBe(o => o.LocalDate.DayOfWeek == DayOfWeek.Thursday);
    }

    [Fact]
    public void A_weekly_Friday_meeting_occurs_52_times_in_2026()
    {
        var occurrences = Weekly(DayOfWeek.Friday, SevenPm).Occurrences(StartOf2026, StartOf2027).ToList();

        occurrences.Count.ShouldBe(52);
        occurrences[0].StartUtc.ShouldBe(Utc(2026, 1, 2, 19));
        occurrences[^1].StartUtc.ShouldBe(Utc(2026, 12, 25, 19));
    }

    [Fact]
    public void A_fortnightly_Thursday_meeting_in_the_weeks_of_1_January_occurs_27_times_in_2026()
    {
        var fortnightly = new Recurrence.EveryNWeeks(2, DayOfWeek.Thursday, new DateOnly(2026, 1, 1));

        var occurrences = MeetingSchedule.Create(Definition(fortnightly, SevenPm)).Occurrences(StartOf2026, StartOf2027).ToList();

        occurrences.Count.ShouldBe(27);
        occurrences[0].StartUtc.ShouldBe(Utc(2026, 1, 1, 19));
        occurrences[1].StartUtc.ShouldBe(Utc(2026, 1, 15, 19));
        occurrences[^1].StartUtc.ShouldBe(Utc(2026, 12, 31, 19));
    }

    [Fact]
    public void A_fortnightly_Thursday_meeting_in_the_other_weeks_occurs_26_times_in_2026()
    {
        var fortnightly = new Recurrence.EveryNWeeks(2, DayOfWeek.Thursday, new DateOnly(2026, 1, 8));

        var occurrences = MeetingSchedule.Create(Definition(fortnightly, SevenPm)).Occurrences(StartOf2026, StartOf2027).ToList();

        occurrences.Count.ShouldBe(26);
        occurrences[0].StartUtc.ShouldBe(Utc(2026, 1, 8, 19));
        occurrences[^1].StartUtc.ShouldBe(Utc(2026, 12, 24, 19));
    }

    [Fact]
    public void Occurrences_includes_a_start_exactly_at_from_and_excludes_one_exactly_at_to()
    {
        var schedule = Weekly(DayOfWeek.Thursday, SevenPm);

        var starts = schedule.Occurrences(Utc(2026, 1, 1, 19), Utc(2026, 1, 15, 19)).Starts();

        starts.ShouldBe([Utc(2026, 1, 1, 19), Utc(2026, 1, 8, 19)]);
    }

    [Fact]
    public void Occurrences_over_an_empty_or_reversed_range_is_empty()
    {
        var schedule = Weekly(DayOfWeek.Thursday, SevenPm);

        schedule.Occurrences(Utc(2026, 1, 1, 19), Utc(2026, 1, 1, 19)).ShouldBeEmpty();
        schedule.Occurrences(Utc(2026, 2, 1), Utc(2026, 1, 1)).ShouldBeEmpty();
    }

    [Fact]
    public void Occurrences_returns_every_instant_in_UTC_even_when_asked_with_another_offset()
    {
        var fromInNewYork = new DateTimeOffset(2026, 1, 1, 14, 0, 0, TimeSpan.FromHours(-5)); // 19:00 UTC

        var first = Weekly(DayOfWeek.Thursday, SevenPm).Occurrences(fromInNewYork, StartOf2027).First();

        first.StartUtc.ShouldBe(Utc(2026, 1, 1, 19));
        first.StartUtc.Offset.ShouldBe(TimeSpan.Zero);
        first.EndUtc.Offset.ShouldBe(TimeSpan.Zero);
    }
}
