using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;

namespace RecoveryPlatform.UnitTests.Meetings.Scheduling;

/// <summary>Short ways to write the schedules and instants the tests talk about.</summary>
internal static class TestSchedules
{
    public static readonly TimeSpan OneHour = TimeSpan.FromHours(1);

    public static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    public static ScheduleDefinition Definition(
        Recurrence recurrence,
        TimeOnly localStartTime,
        TimeSpan? duration = null,
        string timeZoneId = ScheduleDefinition.DefaultTimeZoneId) =>
        new()
        {
            TimeZoneId = timeZoneId,
            LocalStartTime = localStartTime,
            Duration = duration ?? OneHour,
            Recurrence = recurrence,
        };

    public static MeetingSchedule Weekly(
        DayOfWeek day,
        TimeOnly localStartTime,
        TimeSpan? duration = null,
        string timeZoneId = ScheduleDefinition.DefaultTimeZoneId) =>
        MeetingSchedule.Create(Definition(new Recurrence.Weekly(day), localStartTime, duration, timeZoneId));

    public static IReadOnlyList<DateTimeOffset> Starts(this IEnumerable<Occurrence> occurrences) =>
        occurrences.Select(o => o.StartUtc).ToList();
}
