using RecoveryPlatform.Modules.Meetings.Domain;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

// A meeting's usual slot in search results; GET /api/v1/meetings/{id} has the whole schedule.
internal sealed record ScheduleSummary(DayOfWeek Day, string StartTime, int DurationMinutes, string TimeZone, RecurrenceKind Recurrence);
