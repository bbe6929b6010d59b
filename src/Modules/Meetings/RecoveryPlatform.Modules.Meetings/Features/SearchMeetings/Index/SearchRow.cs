using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

/// <summary>
/// The columns of a meeting the search index reads: not its description, notes or audit columns, which a
/// whole directory's load would otherwise read and throw away (four kilobytes of description each, at most).
/// </summary>
internal sealed record SearchRow(
    Guid Id,
    string Name,
    Guid OrganisationId,
    Guid GroupId,
    Attendance Attendance,
    Guid? VenueId,
    string? OnlineUrl,
    string? OnlinePhone,
    string TimeZoneId,
    TimeOnly LocalStartTime,
    int DurationMinutes,
    RecurrenceKind RecurrenceKind,
    DayOfWeek Day,
    int? IntervalWeeks,
    DateOnly? AnchorDate,
    int? WeekOfMonth,
    WeeksOfMonth ExceptWeeksOfMonth,
    List<WeekOfMonthFormats> FormatsByWeekOfMonth,
    DateOnly? ValidFrom,
    DateOnly? ValidUntil,
    List<string> Formats,
    List<string> Languages,
    DateTimeOffset UpdatedAt)
{
    public ScheduleDefinition ScheduleDefinition(IEnumerable<MeetingException> exceptions) =>
        Meeting.ScheduleDefinitionOf(
            TimeZoneId, LocalStartTime, DurationMinutes, RecurrenceKind, Day, IntervalWeeks, AnchorDate, WeekOfMonth, ExceptWeeksOfMonth, ValidFrom, ValidUntil, exceptions,
            FormatsByWeekOfMonth);
}
