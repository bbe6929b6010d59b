using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using RecoveryPlatform.Modules.Meetings.Features.Feeds;
using RecoveryPlatform.UnitTests.Meetings.SearchMeetings;

namespace RecoveryPlatform.UnitTests.Meetings.Feeds;

/// <summary>What the feeds say in words about a meeting their formats can only show as weekly, and until when it holds.</summary>
public sealed class ScheduleNotesTests
{
    // Monday 30 November 2026, 12:00 UTC (London is on UTC in winter).
    private static readonly DateTimeOffset Now = SearchEntries.Monday;

    private static (string? Note, DateTimeOffset ChangesAt) NotesOf(ScheduleDefinition schedule) =>
        ScheduleNotes.Of(SearchEntries.Weekly("Meeting", SearchEntries.Venue(), schedule: schedule), Now);

    private static ScheduleDefinition Schedule(Recurrence recurrence, DateOnly? validFrom = null, DateOnly? validUntil = null, params OccurrenceOverride[] overrides) =>
        SearchEntries.TuesdayAt7 with { Recurrence = recurrence, ValidFrom = validFrom, ValidUntil = validUntil, Overrides = overrides };

    private static DateTimeOffset Utc(int year, int month, int day, int hour = 0) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_weekly_meeting_with_nothing_to_tell_has_no_note_that_ever_changes()
    {
        var (note, changesAt) = NotesOf(SearchEntries.TuesdayAt7);

        note.ShouldBeNull();
        changesAt.ShouldBe(DateTimeOffset.MaxValue);
    }

    [Fact]
    public void A_fortnightly_meeting_says_so_with_its_next_date_until_that_date_starts()
    {
        var (note, changesAt) = NotesOf(Schedule(new Recurrence.EveryNWeeks(2, DayOfWeek.Wednesday, new DateOnly(2026, 11, 18))));

        note.ShouldBe("Every other Wednesday; next on Wednesday 2 December 2026.");
        changesAt.ShouldBe(Utc(2026, 12, 2, 19));
    }

    [Fact]
    public void Every_three_weeks_is_said_in_weeks()
    {
        NotesOf(Schedule(new Recurrence.EveryNWeeks(3, DayOfWeek.Tuesday, new DateOnly(2026, 11, 24)))).Note
            .ShouldBe("Every 3 weeks on Tuesday; next on Tuesday 15 December 2026.");
    }

    [Theory]
    [InlineData(2, DayOfWeek.Monday, "Second Monday of the month; next on Monday 14 December 2026.")]
    [InlineData(-1, DayOfWeek.Friday, "Last Friday of the month; next on Friday 25 December 2026.")]
    [InlineData(1, DayOfWeek.Tuesday, "First Tuesday of the month; next on Tuesday 1 December 2026.")]
    public void A_monthly_meeting_names_its_week_of_the_month(int week, DayOfWeek day, string expected)
    {
        NotesOf(Schedule(new Recurrence.MonthlyOnWeekday(week, day))).Note.ShouldBe(expected);
    }

    [Fact]
    public void A_weekly_meeting_that_has_not_started_gives_its_first_date()
    {
        NotesOf(Schedule(new Recurrence.Weekly(DayOfWeek.Tuesday), validFrom: new DateOnly(2027, 1, 5))).Note
            .ShouldBe("Weekly from Tuesday 5 January 2027.");
    }

    [Fact]
    public void A_meeting_whose_validity_has_ended_says_no_dates_are_scheduled()
    {
        NotesOf(Schedule(new Recurrence.Weekly(DayOfWeek.Tuesday), validUntil: new DateOnly(2026, 11, 24))).Note
            .ShouldBe("No dates are scheduled.");
    }

    [Fact]
    public void A_cancellation_within_four_weeks_is_told_until_its_day_is_over_everywhere()
    {
        var (note, changesAt) = NotesOf(Schedule(new Recurrence.Weekly(DayOfWeek.Tuesday), overrides: new OccurrenceOverride.Cancellation(new DateOnly(2026, 12, 8))));

        note.ShouldBe("Not meeting on Tuesday 8 December 2026.");
        // The earliest instant 9 December begins anywhere (UTC+14): early rather than late.
        changesAt.ShouldBe(Utc(2026, 12, 8, 10));
    }

    [Fact]
    public void A_cancellation_further_ahead_is_not_told_until_it_comes_within_four_weeks()
    {
        var (note, changesAt) = NotesOf(Schedule(new Recurrence.Weekly(DayOfWeek.Tuesday), overrides: new OccurrenceOverride.Cancellation(new DateOnly(2027, 2, 2))));

        note.ShouldBeNull();
        changesAt.ShouldBe(Utc(2027, 1, 5) - TimeSpan.FromHours(14));
    }

    [Fact]
    public void A_past_cancellation_is_forgotten()
    {
        NotesOf(Schedule(new Recurrence.Weekly(DayOfWeek.Tuesday), overrides: new OccurrenceOverride.Cancellation(new DateOnly(2026, 11, 24)))).ShouldBe((null, DateTimeOffset.MaxValue));
    }

    [Fact]
    public void A_one_off_change_of_time_is_told_with_the_new_time_and_any_other_change_in_general()
    {
        var (note, _) = NotesOf(Schedule(
            new Recurrence.Weekly(DayOfWeek.Tuesday),
            overrides: [new OccurrenceOverride.Change(new DateOnly(2026, 12, 15), NewLocalStartTime: new TimeOnly(18, 0)), new OccurrenceOverride.Change(new DateOnly(2026, 12, 22), NewVenueId: Guid.NewGuid())]));

        note.ShouldBe("On Tuesday 15 December 2026 it starts at 18:00. On Tuesday 22 December 2026 it meets differently: see the meeting's details.");
    }

    [Fact]
    public void A_fortnightly_meeting_with_a_cancellation_tells_both_and_changes_at_the_earlier()
    {
        var (note, changesAt) = NotesOf(Schedule(
            new Recurrence.EveryNWeeks(2, DayOfWeek.Tuesday, new DateOnly(2026, 12, 1)),
            overrides: new OccurrenceOverride.Cancellation(new DateOnly(2026, 12, 15))));

        note.ShouldBe("Every other Tuesday; next on Tuesday 1 December 2026. Not meeting on Tuesday 15 December 2026.");
        changesAt.ShouldBe(Utc(2026, 12, 1, 19));
    }

    [Fact]
    public void A_weekly_meeting_that_skips_weeks_says_which_in_plain_words()
    {
        NotesOf(Schedule(new Recurrence.Weekly(DayOfWeek.Tuesday) { ExceptWeeksOfMonth = WeeksOfMonth.Of([1]) })).Note
            .ShouldBe("No meeting on the 1st Tuesday of the month.");
        NotesOf(Schedule(new Recurrence.Weekly(DayOfWeek.Tuesday) { ExceptWeeksOfMonth = WeeksOfMonth.Of([5, 1, 3]) })).Note
            .ShouldBe("No meeting on the 1st, 3rd and 5th Tuesday of the month.");
    }

    [Fact]
    public void A_fortnightly_meeting_that_skips_a_week_gives_its_pattern_then_the_skipped_week()
    {
        // Every other Wednesday from 18 November: 2 December is a 1st Wednesday, skipped, so the next is the 16th.
        var recurrence = new Recurrence.EveryNWeeks(2, DayOfWeek.Wednesday, new DateOnly(2026, 11, 18)) { ExceptWeeksOfMonth = WeeksOfMonth.Of([1]) };

        NotesOf(Schedule(recurrence)).Note
            .ShouldBe("Every other Wednesday; next on Wednesday 16 December 2026. No meeting on the 1st Wednesday of the month.");
    }

    [Fact]
    public void Formats_by_week_and_a_dated_change_of_formats_are_told_by_the_feeds_names()
    {
        var schedule = Schedule(new Recurrence.Weekly(DayOfWeek.Tuesday), overrides: [new OccurrenceOverride.Change(new DateOnly(2026, 12, 22), NewFormats: ["SPK"])])
            with { FormatsByWeekOfMonth = [new WeekOfMonthFormats(5, ["LITT", "OPEN"])] };
        var names = new Dictionary<string, string> { ["LITT"] = "Literature", ["SPK"] = "Speaker" };

        var (note, _) = ScheduleNotes.Of(SearchEntries.Weekly("Meeting", SearchEntries.Venue(), schedule: schedule), Now, code => names.GetValueOrDefault(code, code));

        note.ShouldBe("5th Tuesday of the month: Literature, OPEN. On Tuesday 22 December 2026: Speaker.");
    }
}
