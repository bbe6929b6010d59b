using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using static RecoveryPlatform.UnitTests.Meetings.Scheduling.TestSchedules;

namespace RecoveryPlatform.UnitTests.Meetings.Scheduling;

/// <summary>
/// UK clocks go forward 01:00 GMT → 02:00 BST on 2026-03-29 and back 02:00 BST → 01:00 GMT on 2026-10-25.
/// US clocks go forward on 2026-03-08 and back on 2026-11-01.
/// </summary>
public sealed class ClockChangeTests
{
    private static readonly TimeSpan Bst = TimeSpan.FromHours(1);
    private static readonly TimeSpan Gmt = TimeSpan.Zero;

    [Fact]
    public void Given_a_0130_meeting_When_London_springs_forward_Then_it_starts_at_0130_UTC_shown_as_0230_BST()
    {
        var schedule = Weekly(DayOfWeek.Sunday, new TimeOnly(1, 30));

        var occurrence = schedule.NextOccurrence(Utc(2026, 3, 28, 12)).ShouldNotBeNull();

        occurrence.LocalDate.ShouldBe(new DateOnly(2026, 3, 29));
        occurrence.StartUtc.ShouldBe(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero));
        occurrence.EndUtc.ShouldBe(Utc(2026, 3, 29, 2, 30));
        occurrence.UtcOffset.ShouldBe(Bst);
        occurrence.LocalStart.ShouldBe(new DateTime(2026, 3, 29, 2, 30, 0));
    }

    [Fact]
    public void Given_a_0130_meeting_Then_the_weeks_around_spring_forward_start_at_0130_GMT_then_0130_BST()
    {
        var starts = Weekly(DayOfWeek.Sunday, new TimeOnly(1, 30)).Occurrences(Utc(2026, 3, 22), Utc(2026, 4, 6)).Starts();

        starts.ShouldBe([Utc(2026, 3, 22, 1, 30), Utc(2026, 3, 29, 1, 30), Utc(2026, 4, 5, 0, 30)]);
    }

    [Fact]
    public void Given_a_0130_meeting_When_London_falls_back_Then_the_first_of_the_two_0130s_is_used()
    {
        var schedule = Weekly(DayOfWeek.Sunday, new TimeOnly(1, 30));

        var occurrence = schedule.NextOccurrence(Utc(2026, 10, 24, 12)).ShouldNotBeNull();

        occurrence.LocalDate.ShouldBe(new DateOnly(2026, 10, 25));
        occurrence.StartUtc.ShouldBe(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero));
        occurrence.UtcOffset.ShouldBe(Bst);
        occurrence.LocalStart.ShouldBe(new DateTime(2026, 10, 25, 1, 30, 0));
    }

    [Fact]
    public void Given_a_0130_meeting_Then_the_weeks_around_fall_back_start_at_0130_BST_then_0130_GMT()
    {
        var occurrences = Weekly(DayOfWeek.Sunday, new TimeOnly(1, 30)).Occurrences(Utc(2026, 10, 18), Utc(2026, 11, 2)).ToList();

        occurrences.Starts().ShouldBe([Utc(2026, 10, 18, 0, 30), Utc(2026, 10, 25, 0, 30), Utc(2026, 11, 1, 1, 30)]);
        occurrences.Select(o => o.UtcOffset).ShouldBe([Bst, Bst, Gmt]);
    }

    [Fact]
    public void A_90_minute_meeting_from_0045_on_fall_back_day_lasts_90_real_minutes()
    {
        var schedule = Weekly(DayOfWeek.Sunday, new TimeOnly(0, 45), TimeSpan.FromMinutes(90));

        var occurrence = schedule.NextOccurrence(Utc(2026, 10, 24, 12)).ShouldNotBeNull();

        occurrence.StartUtc.ShouldBe(Utc(2026, 10, 24, 23, 45)); // 00:45 BST
        occurrence.EndUtc.ShouldBe(Utc(2026, 10, 25, 1, 15)); // 01:15 GMT, the second 01:15 of the night
    }

    [Fact]
    public void A_90_minute_meeting_from_0045_on_spring_forward_day_lasts_90_real_minutes()
    {
        var schedule = Weekly(DayOfWeek.Sunday, new TimeOnly(0, 45), TimeSpan.FromMinutes(90));

        var occurrence = schedule.NextOccurrence(Utc(2026, 3, 28, 12)).ShouldNotBeNull();

        occurrence.StartUtc.ShouldBe(Utc(2026, 3, 29, 0, 45)); // 00:45 GMT
        occurrence.EndUtc.ShouldBe(Utc(2026, 3, 29, 2, 15)); // 03:15 BST
    }

    [Theory]
    [InlineData(2026, 1, 5, 2026, 1, 6, 0, -5, "winter: EST, GMT")]
    [InlineData(2026, 7, 6, 2026, 7, 6, 23, -4, "summer: EDT, BST")]
    [InlineData(2026, 3, 2, 2026, 3, 3, 0, -5, "last week before the US change")]
    [InlineData(2026, 3, 9, 2026, 3, 9, 23, -4, "US changed on 8 March, UK not yet")]
    [InlineData(2026, 3, 16, 2026, 3, 16, 23, -4, "US changed, UK not yet")]
    [InlineData(2026, 3, 23, 2026, 3, 23, 23, -4, "US changed, UK not yet")]
    [InlineData(2026, 3, 30, 2026, 3, 30, 23, -4, "both changed")]
    [InlineData(2026, 10, 19, 2026, 10, 19, 23, -4, "neither changed back")]
    [InlineData(2026, 10, 26, 2026, 10, 26, 23, -4, "UK changed back on 25 October, US not yet")]
    [InlineData(2026, 11, 2, 2026, 11, 3, 0, -5, "both changed back")]
    public void A_Monday_1900_New_York_meeting_seen_from_London_starts_at_the_right_UTC_instant(
        int mondayYear, int mondayMonth, int mondayDay,
        int startYear, int startMonth, int startDay, int startHourUtc,
        int newYorkOffsetHours,
        string season)
    {
        var schedule = Weekly(DayOfWeek.Monday, new TimeOnly(19, 0), timeZoneId: "America/New_York");
        var mondayMorning = Utc(mondayYear, mondayMonth, mondayDay, 11);

        var next = schedule.NextOccurrence(mondayMorning).ShouldNotBeNull(season);

        next.StartUtc.ShouldBe(Utc(startYear, startMonth, startDay, startHourUtc), season);
        next.LocalDate.ShouldBe(new DateOnly(mondayYear, mondayMonth, mondayDay), season);
        next.LocalStart.ShouldBe(new DateTime(mondayYear, mondayMonth, mondayDay, 19, 0, 0), season);
        next.UtcOffset.ShouldBe(TimeSpan.FromHours(newYorkOffsetHours), season);
    }

    [Fact]
    public void The_weekday_is_the_meetings_own_so_an_Auckland_Monday_morning_meeting_starts_on_a_UTC_Sunday()
    {
        var schedule = Weekly(DayOfWeek.Monday, new TimeOnly(7, 0), timeZoneId: "Pacific/Auckland");

        var next = schedule.NextOccurrence(Utc(2026, 1, 4)).ShouldNotBeNull();

        next.StartUtc.ShouldBe(Utc(2026, 1, 4, 18)); // Sunday in UTC, Monday 07:00 NZDT (+13)
        next.LocalDate.ShouldBe(new DateOnly(2026, 1, 5));
        next.UtcOffset.ShouldBe(TimeSpan.FromHours(13));
    }

    [Fact]
    public void Given_a_Monday_meeting_in_Auckland_When_it_is_already_Monday_there_but_Sunday_in_UTC_Then_todays_meeting_is_next()
    {
        var schedule = Weekly(DayOfWeek.Monday, new TimeOnly(19, 0), timeZoneId: "Pacific/Auckland");

        var sundayNoonUtc = Utc(2026, 1, 4, 12); // Monday 01:00 in Auckland

        schedule.NextOccurrence(sundayNoonUtc).ShouldNotBeNull().StartUtc.ShouldBe(Utc(2026, 1, 5, 6));
    }

    [Theory]
    [InlineData("Europe/London", 2026, 3, 29, 1, 30, 2026, 3, 29, 1, 30, "gap: read with GMT, before the jump")]
    [InlineData("Europe/London", 2026, 10, 25, 1, 30, 2026, 10, 25, 0, 30, "overlap: first 01:30, BST")]
    [InlineData("Europe/London", 2026, 10, 25, 2, 0, 2026, 10, 25, 2, 0, "just after the overlap: GMT")]
    [InlineData("Europe/London", 2026, 3, 29, 2, 0, 2026, 3, 29, 1, 0, "first valid minute after the gap: BST")]
    [InlineData("Europe/London", 2026, 3, 29, 0, 59, 2026, 3, 29, 0, 59, "last minute before the gap: GMT")]
    [InlineData("America/New_York", 2026, 3, 8, 2, 30, 2026, 3, 8, 7, 30, "gap: read with EST")]
    [InlineData("America/New_York", 2026, 11, 1, 1, 30, 2026, 11, 1, 5, 30, "overlap: first 01:30, EDT")]
    [InlineData("Australia/Sydney", 2026, 10, 4, 2, 30, 2026, 10, 3, 16, 30, "southern gap: read with AEST")]
    [InlineData("Australia/Sydney", 2026, 4, 5, 2, 30, 2026, 4, 4, 15, 30, "southern overlap: first 02:30, AEDT")]
    [InlineData("Australia/Lord_Howe", 2026, 10, 4, 2, 15, 2026, 10, 3, 15, 45, "half-hour gap: read with +10:30")]
    public void LocalTimeResolver_follows_RFC_5545_at_clock_changes(
        string timeZoneId,
        int year, int month, int day, int hour, int minute,
        int utcYear, int utcMonth, int utcDay, int utcHour, int utcMinute,
        string situation)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);

        var instant = LocalTimeResolver.ToUtc(new DateTime(year, month, day, hour, minute, 0), zone);

        instant.ShouldBe(Utc(utcYear, utcMonth, utcDay, utcHour, utcMinute), situation);
        instant.Offset.ShouldBe(TimeSpan.Zero);
    }
}
