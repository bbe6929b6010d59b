using System.Globalization;
using System.Text;
using Ical.Net.CalendarComponents;
using EventStatus = Ical.Net.EventStatus;
using FrequencyType = Ical.Net.FrequencyType;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using RecoveryPlatform.Modules.Groups.Contracts;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using RecoveryPlatform.Modules.Meetings.Features.Feeds;
using RecoveryPlatform.Modules.Venues.Contracts;

namespace RecoveryPlatform.Modules.Meetings.Features.Calendars;

/// <summary>
/// Writes meetings as an iCalendar (RFC 5545) calendar with Ical.Net: one VEVENT per meeting, its schedule as
/// an RRULE in the meeting's own time zone (whose VTIMEZONE is in the file), cancellations as EXDATE and one-off
/// changes as overrides (same UID, RECURRENCE-ID). What a reader expands from it is exactly what
/// <c>GET /meetings/{id}/occurrences</c> lists, from the calendar's first date on (docs/feeds.md says which).
/// </summary>
/// <remarks>
/// The body depends only on the <see cref="CalendarSource"/> (no "now" in it: DTSTAMP is the last change, as
/// RFC 5545 §3.8.7.2 has it for a calendar without METHOD), so one body per version can be kept and served.
/// </remarks>
internal static class CalendarWriter
{
    public const string MediaType = "text/calendar";

    public const string ContentType = "text/calendar; charset=utf-8";

    private const string ProductId = "-//RecoveryPlatform//Meeting calendars//EN";

    /// <summary>How far back to look for a calendar's first date when a meeting bounded by validUntil has none after it was listed.</summary>
    private const int YearsToLookBack = 10;

    public static byte[] Write(CalendarSource source)
    {
        var calendar = new Ical.Net.Calendar { ProductId = ProductId };
        calendar.AddProperty("X-WR-CALNAME", source.Name);

        var earliestByZone = new SortedDictionary<string, DateOnly>(StringComparer.Ordinal);
        foreach (var meeting in source.Meetings)
        {
            if (FirstDate(meeting) is not { } first)
            {
                continue;
            }

            foreach (var calendarEvent in Events(meeting, first, source))
            {
                calendar.Events.Add(calendarEvent);
            }

            earliestByZone[meeting.TimeZoneId] = earliestByZone.TryGetValue(meeting.TimeZoneId, out var earliest) && earliest < first ? earliest : first;
        }

        foreach (var (zone, earliest) in earliestByZone)
        {
            // Ical.Net describes a zone from its earliest date to now (and the rules that go on from there);
            // a calendar that starts in the future is described from today, whose rules it follows.
            var from = earliest.ToDateTime(TimeOnly.MinValue);
            calendar.AddTimeZone(zone, from < DateTime.UtcNow ? from : DateTime.UtcNow.Date, includeHistoricalData: false);
        }

        return Encoding.UTF8.GetBytes(new CalendarSerializer().SerializeToString(calendar) ?? string.Empty);
    }

    /// <summary>
    /// The calendar's first date for a meeting (its DTSTART): the first date of the schedule, not cancelled, from
    /// validFrom, or else from the day the meeting was listed (or its earliest one-off exception, if earlier).
    /// </summary>
    /// <remarks>
    /// <c>/occurrences</c> answers for any range, the past before a meeting was listed included; a calendar needs
    /// a first date, and dates before the directory knew of the meeting are not worth a reader's expansion.
    /// Not cancelled, so that DTSTART is always a real date (RFC 5545 counts it as the first instance).
    /// </remarks>
    internal static DateOnly? FirstDate(Meeting meeting)
    {
        var definition = meeting.Schedule.Definition;
        var cancelled = definition.Overrides.OfType<OccurrenceOverride.Cancellation>().Select(c => c.Date).ToHashSet();
        var zone = IanaTimeZones.Find(meeting.TimeZoneId);
        var from = meeting.ValidFrom ?? new[] { LocalTimeResolver.LocalDateAt(meeting.CreatedAt, zone) }
            .Concat(definition.Overrides.Select(o => o.Date))
            .Append(meeting.ValidUntil ?? DateOnly.MaxValue)
            .Min();

        for (var attempt = 0; attempt <= YearsToLookBack; attempt++)
        {
            foreach (var date in definition.ScheduledDatesFrom(from))
            {
                if (!cancelled.Contains(date))
                {
                    return date;
                }
            }

            // Only a meeting bounded by validUntil (and not by validFrom) can run out of dates: look further back.
            if (meeting.ValidFrom is not null || from.Year <= DateOnly.MinValue.Year + 1)
            {
                break;
            }

            from = from.AddYears(-1);
        }

        return null;
    }

    private static IEnumerable<CalendarEvent> Events(Meeting meeting, DateOnly first, CalendarSource source)
    {
        var definition = meeting.Schedule.Definition;
        var zone = meeting.TimeZoneId;
        source.Groups.TryGetValue(meeting.GroupId, out var group);
        var closed = meeting.Status == MeetingStatus.Closed || meeting.GroupClosedAt is not null;
        var stamp = Utc(LastChange(meeting, group, source.Venues));

        var master = new CalendarEvent
        {
            Uid = Uid(meeting),
            DtStamp = stamp,
            LastModified = stamp,
            Created = Utc(meeting.CreatedAt),
            Summary = meeting.Name,
            DtStart = new CalDateTime(first, definition.LocalStartTime, zone),
            Duration = Duration.FromTimeSpanExact(definition.Duration),

            // A closed meeting (or one whose group closed) has no occurrences, as /occurrences says: its event
            // stays, cancelled, so that subscribers' copies are taken off their calendars rather than left behind.
            Status = closed ? EventStatus.Cancelled : meeting.Status == MeetingStatus.TemporarilySuspended ? EventStatus.Tentative : EventStatus.Confirmed,
            Description = Description(meeting, group, closed),
            RecurrenceRule = Rule(definition, zone),
        };
        Place(master, meeting, meeting.VenueId, source.Venues);
        foreach (var cancellation in definition.Overrides.OfType<OccurrenceOverride.Cancellation>().Where(c => c.Date > first))
        {
            master.ExceptionDates.Add(new CalDateTime(cancellation.Date, definition.LocalStartTime, zone));
        }

        yield return master;
        if (closed)
        {
            yield break;
        }

        foreach (var change in definition.Overrides.OfType<OccurrenceOverride.Change>().Where(c => c.Date >= first))
        {
            var moved = new CalendarEvent
            {
                Uid = master.Uid,
                DtStamp = stamp,
                LastModified = stamp,
                Created = master.Created,
                Summary = meeting.Name,
                RecurrenceIdentifier = new RecurrenceIdentifier(new CalDateTime(change.Date, definition.LocalStartTime, zone)),
                DtStart = new CalDateTime(change.Date, change.NewLocalStartTime ?? definition.LocalStartTime, zone),
                Duration = Duration.FromTimeSpanExact(change.NewDuration ?? definition.Duration),
                Status = master.Status,
                Description = string.Join("\n\n", new[] { OneOffNote(meeting, change.Date), FormatsNote(change), master.Description }.OfType<string>()),
            };
            Place(moved, meeting, change.NewVenueId ?? meeting.VenueId, source.Venues);
            yield return moved;
        }
    }

    /// <summary>The meeting id: stable, and globally unique as RFC 7986 asks of a UID.</summary>
    internal static string Uid(Meeting meeting) => meeting.Id.ToString();

    /// <remarks>
    /// Skipped weeks of the month are said in the rule itself, so every reader expands the same dates: a weekly
    /// meeting is <c>FREQ=MONTHLY;BYDAY=2WE,3WE,4WE,5WE</c> (the weeks it meets, as RFC 5545 counts them: 5WE only in
    /// months that have one); an every-N-weeks one counts days from its first date and keeps only the days of the
    /// month in the weeks it meets, <c>FREQ=DAILY;INTERVAL=14;BYMONTHDAY=8,…,31</c> (BYMONTHDAY limits DAILY, not WEEKLY).
    /// </remarks>
    private static RecurrenceRule Rule(ScheduleDefinition definition, string zone)
    {
        var rule = definition.Recurrence switch
        {
            Recurrence.EveryNWeeks { ExceptWeeksOfMonth.IsEmpty: false } every => new RecurrenceRule(FrequencyType.Daily, 7 * every.IntervalWeeks)
            {
                ByMonthDay = [.. MeetingWeeks(every.ExceptWeeksOfMonth).SelectMany(week => Enumerable.Range((7 * (week - 1)) + 1, week == WeeksOfMonth.Last ? 3 : 7))],
            },
            Recurrence.EveryNWeeks every => new RecurrenceRule(FrequencyType.Weekly, every.IntervalWeeks) { ByDay = [new WeekDay(every.Day)] },
            Recurrence.MonthlyOnWeekday monthly => new RecurrenceRule(FrequencyType.Monthly) { ByDay = [new WeekDay(monthly.Day, monthly.WeekOfMonth)] },
            Recurrence.Weekly { ExceptWeeksOfMonth.IsEmpty: false } weekly => new RecurrenceRule(FrequencyType.Monthly)
            {
                ByDay = [.. MeetingWeeks(weekly.ExceptWeeksOfMonth).Select(week => new WeekDay(weekly.Day, week))],
            },
            Recurrence.Weekly weekly => new RecurrenceRule(FrequencyType.Weekly) { ByDay = [new WeekDay(weekly.Day)] },
            _ => throw new InvalidOperationException("Unknown recurrence."),
        };

        if (definition.ValidUntil is { } until)
        {
            // UNTIL is in UTC beside a zoned DTSTART (RFC 5545 §3.3.10) and inclusive: the last second of the local day.
            var endOfDay = LocalTimeResolver.ToUtc(until.AddDays(1).ToDateTime(TimeOnly.MinValue), IanaTimeZones.Find(zone)).AddSeconds(-1);
            rule.Until = Utc(endOfDay);
        }

        return rule;
    }

    private static IEnumerable<int> MeetingWeeks(WeeksOfMonth skipped) =>
        Enumerable.Range(WeeksOfMonth.First, WeeksOfMonth.Last).Where(week => !skipped.Contains(week));

    /// <summary>LOCATION and GEO from the venue (unless archived: shown without it, as everywhere), URL from the online link.</summary>
    private static void Place(CalendarEvent calendarEvent, Meeting meeting, Guid? venueId, IReadOnlyDictionary<Guid, VenueSummary> venues)
    {
        if (meeting.Attendance != Attendance.Online && venueId is { } id && venues.TryGetValue(id, out var venue) && !venue.IsArchived)
        {
            calendarEvent.Location = string.Join(", ", new[] { venue.Name, string.Join(' ', new[] { venue.Town, venue.Postcode }.Where(p => !string.IsNullOrWhiteSpace(p))) }
                .Where(p => !string.IsNullOrWhiteSpace(p)));
            calendarEvent.GeographicLocation = new GeographicLocation(venue.Latitude, venue.Longitude);
        }
        else if (meeting.Attendance != Attendance.InPerson)
        {
            calendarEvent.Location = "Online";
        }

        if (meeting.OnlineUrl is { } url && Uri.TryCreate(url, UriKind.Absolute, out var link))
        {
            calendarEvent.Url = link;
        }
    }

    private static string Description(Meeting meeting, GroupSummary? group, bool closed)
    {
        var lines = new List<string>();
        if (closed)
        {
            lines.Add("This meeting has closed.");
        }
        else if (meeting.Status == MeetingStatus.TemporarilySuspended)
        {
            lines.Add(meeting.ResumesOn is { } resumes
                ? $"Temporarily suspended; expected back on {resumes.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}."
                : "Temporarily suspended.");
        }

        if (!string.IsNullOrWhiteSpace(meeting.Description))
        {
            lines.Add(meeting.Description);
        }

        if (meeting.OnlineUrl is not null)
        {
            lines.Add($"Join online: {meeting.OnlineUrl}");
        }

        if (meeting.OnlinePhone is not null)
        {
            lines.Add($"By phone: {meeting.OnlinePhone}");
        }

        if (!string.IsNullOrWhiteSpace(meeting.OnlineNotes))
        {
            lines.Add(meeting.OnlineNotes);
        }

        // The calendar has no field for formats: what varies by week of the month is said in words, by the
        // organisation's own codes (the calendar is the meeting's, not a fellowship-neutral feed).
        var weekSentences = ScheduleNotes.WeekOfMonthSentences(meeting.Schedule.Definition, static code => code).ToList();
        if (weekSentences.Count > 0)
        {
            lines.Add(string.Join(' ', weekSentences));
        }

        if (group is not null)
        {
            lines.Add($"Held by {group.Name}.");
        }

        return string.Join("\n\n", lines);
    }

    private static string? FormatsNote(OccurrenceOverride.Change change) =>
        change.NewFormats is { } formats ? $"Formats this date: {ScheduleNotes.FormatsText(formats, static code => code)}." : null;

    private static string? OneOffNote(Meeting meeting, DateOnly date) =>
        meeting.Exceptions.FirstOrDefault(e => e.Date == date)?.Note is { Length: > 0 } note ? $"This date only: {note}" : null;

    private static DateTimeOffset LastChange(Meeting meeting, GroupSummary? group, IReadOnlyDictionary<Guid, VenueSummary> venues)
    {
        var last = meeting.UpdatedAt;
        foreach (var id in meeting.Exceptions.Select(e => e.NewVenueId).Append(meeting.VenueId).OfType<Guid>())
        {
            if (venues.TryGetValue(id, out var venue) && venue.UpdatedAt > last)
            {
                last = venue.UpdatedAt;
            }
        }

        return group is not null && group.UpdatedAt > last ? group.UpdatedAt : last;
    }

    private static CalDateTime Utc(DateTimeOffset instant) =>
        new(DateTime.SpecifyKind(new DateTime(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerSecond)), DateTimeKind.Utc), CalDateTime.UtcTzId);
}
