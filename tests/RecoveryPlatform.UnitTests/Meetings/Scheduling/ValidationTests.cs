using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using static RecoveryPlatform.UnitTests.Meetings.Scheduling.TestSchedules;

namespace RecoveryPlatform.UnitTests.Meetings.Scheduling;

public sealed class ValidationTests
{
    private static readonly ScheduleDefinition FridayEvenings =
        Definition(new Recurrence.Weekly(DayOfWeek.Friday), new TimeOnly(19, 0));

    private static IReadOnlyList<string> ProblemFields(ScheduleDefinition definition)
    {
        MeetingSchedule.TryCreate(definition, out var schedule, out var problems).ShouldBeFalse();
        schedule.ShouldBeNull();
        problems.ShouldAllBe(p => !string.IsNullOrWhiteSpace(p.Message));
        return problems.Select(p => p.Field).ToList();
    }

    [Fact]
    public void A_sound_definition_gives_a_schedule_and_no_problems()
    {
        MeetingSchedule.TryCreate(FridayEvenings, out var schedule, out var problems).ShouldBeTrue();

        problems.ShouldBeEmpty();
        schedule.ShouldNotBeNull().NextOccurrence(Utc(2026, 1, 1)).ShouldNotBeNull().StartUtc.ShouldBe(Utc(2026, 1, 2, 19));
    }

    [Fact]
    public void The_time_zone_defaults_to_Europe_London()
    {
        var definition = new ScheduleDefinition
        {
            LocalStartTime = new TimeOnly(19, 0),
            Duration = OneHour,
            Recurrence = new Recurrence.Weekly(DayOfWeek.Friday),
        };

        definition.TimeZoneId.ShouldBe("Europe/London");
        MeetingSchedule.Create(definition).NextOccurrence(Utc(2026, 7, 1)).ShouldNotBeNull().StartUtc.ShouldBe(Utc(2026, 7, 3, 18));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("europe/london")]
    [InlineData("EUROPE/LONDON")]
    [InlineData("")]
    [InlineData("GMT Standard Time")]
    public void An_unknown_or_non_IANA_time_zone_is_a_TimeZoneId_problem(string timeZoneId)
    {
        ProblemFields(FridayEvenings with { TimeZoneId = timeZoneId }).ShouldBe(["TimeZoneId"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-30)]
    [InlineData(24 * 60 + 1)]
    public void A_duration_that_is_not_positive_or_over_24_hours_is_a_Duration_problem(int minutes)
    {
        ProblemFields(FridayEvenings with { Duration = TimeSpan.FromMinutes(minutes) }).ShouldBe(["Duration"]);
    }

    [Fact]
    public void A_duration_of_exactly_24_hours_is_allowed()
    {
        MeetingSchedule.TryCreate(FridayEvenings with { Duration = TimeSpan.FromHours(24) }, out _, out var problems).ShouldBeTrue();
        problems.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-2)]
    public void An_interval_below_two_weeks_is_a_Recurrence_IntervalWeeks_problem(int intervalWeeks)
    {
        var definition = FridayEvenings with
        {
            Recurrence = new Recurrence.EveryNWeeks(intervalWeeks, DayOfWeek.Friday, new DateOnly(2026, 1, 2)),
        };

        ProblemFields(definition).ShouldBe(["Recurrence.IntervalWeeks"]);
    }

    [Fact]
    public void An_anchor_date_on_another_weekday_is_a_Recurrence_AnchorDate_problem()
    {
        var definition = FridayEvenings with
        {
            Recurrence = new Recurrence.EveryNWeeks(2, DayOfWeek.Friday, new DateOnly(2026, 1, 1)), // a Thursday
        };

        ProblemFields(definition).ShouldBe(["Recurrence.AnchorDate"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-2)]
    public void A_week_of_month_outside_1_to_5_or_last_is_a_Recurrence_WeekOfMonth_problem(int weekOfMonth)
    {
        var definition = FridayEvenings with { Recurrence = new Recurrence.MonthlyOnWeekday(weekOfMonth, DayOfWeek.Friday) };

        ProblemFields(definition).ShouldBe(["Recurrence.WeekOfMonth"]);
    }

    [Fact]
    public void An_undefined_weekday_is_a_Recurrence_Day_problem()
    {
        ProblemFields(FridayEvenings with { Recurrence = new Recurrence.Weekly((DayOfWeek)9) }).ShouldBe(["Recurrence.Day"]);
    }

    [Fact]
    public void A_missing_recurrence_is_a_Recurrence_problem()
    {
        ProblemFields(FridayEvenings with { Recurrence = null! }).ShouldBe(["Recurrence"]);
    }

    [Fact]
    public void ValidUntil_before_ValidFrom_is_a_ValidUntil_problem()
    {
        var definition = FridayEvenings with { ValidFrom = new DateOnly(2026, 3, 1), ValidUntil = new DateOnly(2026, 2, 1) };

        ProblemFields(definition).ShouldBe(["ValidUntil"]);
    }

    [Fact]
    public void A_window_with_no_Friday_for_a_Friday_meeting_is_a_ValidUntil_problem()
    {
        // Monday 5 to Wednesday 7 January 2026.
        var definition = FridayEvenings with { ValidFrom = new DateOnly(2026, 1, 5), ValidUntil = new DateOnly(2026, 1, 7) };

        ProblemFields(definition).ShouldBe(["ValidUntil"]);
    }

    [Fact]
    public void A_window_that_misses_the_last_Friday_of_its_only_month_is_a_ValidUntil_problem()
    {
        var definition = FridayEvenings with
        {
            Recurrence = new Recurrence.MonthlyOnWeekday(Recurrence.MonthlyOnWeekday.Last, DayOfWeek.Friday),
            ValidFrom = new DateOnly(2026, 1, 1),
            ValidUntil = new DateOnly(2026, 1, 29),
        };

        ProblemFields(definition).ShouldBe(["ValidUntil"]);
    }

    [Fact]
    public void A_window_whose_every_occurrence_is_cancelled_is_an_Overrides_problem()
    {
        var definition = FridayEvenings with
        {
            ValidFrom = new DateOnly(2026, 1, 5),
            ValidUntil = new DateOnly(2026, 1, 11),
            Overrides = [new OccurrenceOverride.Cancellation(new DateOnly(2026, 1, 9))],
        };

        ProblemFields(definition).ShouldBe(["Overrides"]);
    }

    [Fact]
    public void A_second_override_for_the_same_date_is_a_problem_on_that_override()
    {
        var definition = FridayEvenings with
        {
            Overrides =
            [
                new OccurrenceOverride.Cancellation(new DateOnly(2026, 1, 9)),
                new OccurrenceOverride.Change(new DateOnly(2026, 1, 9), NewDuration: TimeSpan.FromHours(2)),
            ],
        };

        ProblemFields(definition).ShouldBe(["Overrides[1].Date"]);
    }

    [Fact]
    public void An_override_on_a_day_the_meeting_does_not_meet_is_a_problem_on_its_date()
    {
        var definition = FridayEvenings with
        {
            Overrides =
            [
                new OccurrenceOverride.Cancellation(new DateOnly(2026, 1, 9)),
                new OccurrenceOverride.Cancellation(new DateOnly(2026, 1, 10)), // a Saturday
            ],
        };

        ProblemFields(definition).ShouldBe(["Overrides[1].Date"]);
    }

    [Fact]
    public void An_override_on_the_right_weekday_but_outside_the_validity_window_is_a_problem_on_its_date()
    {
        var definition = FridayEvenings with
        {
            ValidFrom = new DateOnly(2026, 2, 1),
            Overrides = [new OccurrenceOverride.Cancellation(new DateOnly(2026, 1, 30))],
        };

        ProblemFields(definition).ShouldBe(["Overrides[0].Date"]);
    }

    [Fact]
    public void A_fortnightly_override_in_an_off_week_is_a_problem_on_its_date()
    {
        var definition = FridayEvenings with
        {
            Recurrence = new Recurrence.EveryNWeeks(2, DayOfWeek.Friday, new DateOnly(2026, 1, 2)),
            Overrides = [new OccurrenceOverride.Cancellation(new DateOnly(2026, 1, 9))],
        };

        ProblemFields(definition).ShouldBe(["Overrides[0].Date"]);
    }

    [Fact]
    public void A_change_that_changes_nothing_is_a_problem_on_that_override()
    {
        var definition = FridayEvenings with { Overrides = [new OccurrenceOverride.Change(new DateOnly(2026, 1, 9))] };

        ProblemFields(definition).ShouldBe(["Overrides[0]"]);
    }

    [Fact]
    public void A_change_to_an_impossible_duration_is_a_problem_on_its_NewDuration()
    {
        var definition = FridayEvenings with
        {
            Overrides = [new OccurrenceOverride.Change(new DateOnly(2026, 1, 9), NewDuration: TimeSpan.FromHours(25))],
        };

        ProblemFields(definition).ShouldBe(["Overrides[0].NewDuration"]);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var definition = FridayEvenings with
        {
            TimeZoneId = "Nowhere/Special",
            Duration = TimeSpan.Zero,
            Recurrence = new Recurrence.EveryNWeeks(1, DayOfWeek.Friday, new DateOnly(2026, 1, 1)),
            ValidFrom = new DateOnly(2026, 3, 1),
            ValidUntil = new DateOnly(2026, 2, 1),
        };

        ProblemFields(definition).ShouldBe(
            ["TimeZoneId", "Duration", "Recurrence.IntervalWeeks", "Recurrence.AnchorDate", "ValidUntil"],
            ignoreOrder: true);
    }

    [Fact]
    public void Create_refuses_an_invalid_definition_and_names_the_problem()
    {
        var exception = Should.Throw<ArgumentException>(() => MeetingSchedule.Create(FridayEvenings with { Duration = TimeSpan.Zero }));

        exception.Message.ShouldContain("Duration");
    }
}
