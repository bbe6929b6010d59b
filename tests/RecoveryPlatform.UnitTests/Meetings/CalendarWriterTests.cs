using System.Text;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using RecoveryPlatform.Modules.Groups.Contracts;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using RecoveryPlatform.Modules.Meetings.Features.Calendars;
using RecoveryPlatform.Modules.Venues.Contracts;
using IcalCalendar = Ical.Net.Calendar;

namespace RecoveryPlatform.UnitTests.Meetings;

/// <summary>
/// The calendar writer against the schedule engine (the reference): what Ical.Net expands from a written calendar
/// is what <see cref="MeetingSchedule.Occurrences"/> gives, in the cases HTTP tests do not reach easily.
/// </summary>
public sealed class CalendarWriterTests
{
    private static readonly DateTimeOffset Listed = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_cancelled_first_date_is_not_the_calendars_first_date()
    {
        var meeting = Weekly(DayOfWeek.Tuesday, new TimeOnly(19, 30), validFrom: new DateOnly(2027, 1, 5));
        meeting.SetException(MeetingException.Cancellation(new DateOnly(2027, 1, 5), null), Listed);

        CalendarWriter.FirstDate(meeting).ShouldBe(new DateOnly(2027, 1, 12));
        var text = Write(meeting);
        text.ShouldContain("DTSTART;TZID=Europe/London:20270112T193000");
        text.ShouldNotContain("EXDATE");
        ShouldExpandAsTheEngine(meeting, text, new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void A_meeting_that_ended_before_it_was_listed_starts_a_year_before_its_last_date()
    {
        var meeting = Weekly(DayOfWeek.Thursday, new TimeOnly(12, 30), validUntil: new DateOnly(2026, 6, 30));

        CalendarWriter.FirstDate(meeting).ShouldBe(new DateOnly(2025, 7, 3));
        ShouldExpandAsTheEngine(meeting, Write(meeting), new DateTimeOffset(2025, 7, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("Europe/London", 1, 30)]
    [InlineData("America/New_York", 2, 30)]
    public void Times_in_the_clock_changes_expand_as_the_engine_resolves_them(string zone, int hour, int minute)
    {
        // Sunday at a time that does not exist on the spring day and happens twice on the autumn day (RFC 5545 §3.3.5).
        var meeting = Weekly(DayOfWeek.Sunday, new TimeOnly(hour, minute), validFrom: new DateOnly(2027, 1, 1), zone: zone);

        ShouldExpandAsTheEngine(meeting, Write(meeting), new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void A_weekly_meeting_that_skips_the_first_week_is_a_monthly_rule_on_the_weeks_it_meets()
    {
        var meeting = Weekly(DayOfWeek.Wednesday, new TimeOnly(19, 0), recurrence: new Recurrence.Weekly(DayOfWeek.Wednesday) { ExceptWeeksOfMonth = WeeksOfMonth.Of([1]) });

        var text = Write(meeting);
        var unfolded = Unfolded(text);

        unfolded.ShouldContain("RRULE:FREQ=MONTHLY;BYDAY=2WE,3WE,4WE,5WE");
        unfolded.ShouldContain("No meeting on the 1st Wednesday of the month.");
        ShouldExpandAsTheEngine(meeting, text, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void A_fortnightly_meeting_that_skips_a_week_keeps_only_the_days_of_the_weeks_it_meets()
    {
        // Across the spring and autumn clock changes in London, a year of every-other-Thursdays without 5th Thursdays.
        var recurrence = new Recurrence.EveryNWeeks(2, DayOfWeek.Thursday, new DateOnly(2026, 12, 3)) { ExceptWeeksOfMonth = WeeksOfMonth.Of([5]) };
        var meeting = Weekly(DayOfWeek.Thursday, new TimeOnly(1, 30), recurrence: recurrence);

        var text = Write(meeting);
        var unfolded = Unfolded(text);

        unfolded.ShouldContain("RRULE:FREQ=DAILY;INTERVAL=14;BYMONTHDAY=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28");
        ShouldExpandAsTheEngine(meeting, text, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void A_change_of_formats_is_an_overridden_date_that_names_them()
    {
        var meeting = Weekly(DayOfWeek.Thursday, new TimeOnly(19, 0));
        meeting.SetException(MeetingException.Change(new DateOnly(2026, 12, 24), null, null, null, null, ["SP", "O"]), Listed);

        var text = Write(meeting);
        var unfolded = Unfolded(text);

        unfolded.ShouldContain("RECURRENCE-ID;TZID=Europe/London:20261224T190000");
        unfolded.ShouldContain("Formats this date: SP, O.");
        ShouldExpandAsTheEngine(meeting, text, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    }

    private static Meeting Weekly(DayOfWeek day, TimeOnly start, DateOnly? validFrom = null, DateOnly? validUntil = null, string zone = "Europe/London", Recurrence? recurrence = null)
    {
        var schedule = new ScheduleDefinition
        {
            TimeZoneId = zone,
            LocalStartTime = start,
            Duration = TimeSpan.FromHours(1),
            Recurrence = recurrence ?? new Recurrence.Weekly(day),
            ValidFrom = validFrom,
            ValidUntil = validUntil,
        };
        var details = new MeetingDetails("Writer Meeting", null, Attendance.Online, null, "https://zoom.us/j/123", null, null, schedule, [], [], MeetingStatus.Active, null);
        return Meeting.Create(Guid.NewGuid(), Guid.NewGuid(), details, Listed);
    }

    /// <summary>The text with RFC 5545's folding of long lines undone (CRLF then a space continues a line), and its escaped new lines and commas read.</summary>
    private static string Unfolded(string text) => text.Replace("\r\n ", string.Empty, StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\,", ",", StringComparison.Ordinal);

    private static string Write(Meeting meeting) =>
        Encoding.UTF8.GetString(CalendarWriter.Write(new CalendarSource(
            meeting.Name, [meeting], new Dictionary<Guid, VenueSummary>(), new Dictionary<Guid, GroupSummary>(), "\"tag\"", meeting.UpdatedAt)));

    private static void ShouldExpandAsTheEngine(Meeting meeting, string text, DateTimeOffset from)
    {
        var to = from.AddYears(1);
        var expected = meeting.Schedule.Occurrences(from, to).Select(o => o.StartUtc).ToList();
        expected.ShouldNotBeEmpty();

        var expanded = IcalCalendar.Load(text)!.GetOccurrences<CalendarEvent>(new CalDateTime(from.UtcDateTime.AddDays(-1), CalDateTime.UtcTzId))
            .Select(o => new DateTimeOffset(o.Period.StartTime.AsUtc, TimeSpan.Zero))
            .TakeWhile(start => start < to)
            .Where(start => start >= from)
            .ToList();

        expanded.ShouldBe(expected);
    }
}
