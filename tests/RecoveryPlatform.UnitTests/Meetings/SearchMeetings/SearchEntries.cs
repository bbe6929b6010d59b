using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;
using RecoveryPlatform.Modules.Venues.Contracts;

namespace RecoveryPlatform.UnitTests.Meetings.SearchMeetings;

/// <summary>Search entries for tests: a weekly Tuesday 19:00 meeting of an AA group, with what a test cares about given.</summary>
internal static class SearchEntries
{
    public static readonly DateTimeOffset Monday = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Weekly on Tuesdays at 19:00 for an hour, London time.</summary>
    public static readonly ScheduleDefinition TuesdayAt7 = new() { LocalStartTime = new TimeOnly(19, 0), Duration = TimeSpan.FromHours(1), Recurrence = new Recurrence.Weekly(DayOfWeek.Tuesday) };

    /// <summary>A venue in Leeds (LS6), or at the given point.</summary>
    public static VenueSummary Venue(string name = "Hall", string? town = "Leeds", double latitude = 53.82, double longitude = -1.58) =>
        new(Guid.NewGuid(), Guid.Empty, name, town, "LS6 1AA", "GB", latitude, longitude, [], false);

    /// <summary>Without a venue the meeting is online; <paramref name="schedule"/> replaces the weekly Tuesday 19:00 one.</summary>
    public static SearchEntry Weekly(string name, VenueSummary? venue, string groupName = "Group", Guid? id = null, Attendance? attendance = null, ScheduleDefinition? schedule = null) => new()
    {
        Id = id ?? Guid.NewGuid(),
        Name = name,
        OrganisationId = Guid.Empty,
        OrganisationSlug = "aa",
        OrganisationName = "AA",
        GroupId = Guid.Empty,
        GroupName = groupName,
        Attendance = attendance ?? (venue is null ? Attendance.Online : Attendance.InPerson),
        Venue = venue,
        OnlineUrl = venue is null ? "https://zoom.us/j/1" : null,
        Day = DayOfWeek.Tuesday,
        LocalStartMinutes = 19 * 60,
        TimeZoneId = "Europe/London",
        RecurrenceKind = RecurrenceKind.Weekly,
        DurationMinutes = 60,
        Formats = [],
        AttributesMask = 0,
        Languages = ["en"],
        AccessibilityMask = 0,
        UpdatedAt = Monday,
        Schedule = MeetingSchedule.Create(schedule ?? TuesdayAt7),
    };
}
