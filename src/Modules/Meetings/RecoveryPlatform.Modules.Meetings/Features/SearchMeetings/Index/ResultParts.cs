using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Venues.Contracts;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

/// <summary>The fixed parts of search results, made from an entry's details.</summary>
internal static class ResultParts
{
    // "19:30" for every minute of the day, made once.
    private static readonly string[] StartTimes = [.. Enumerable.Range(0, 24 * 60).Select(m => $"{m / 60:00}:{m % 60:00}")];

    public static VenueRef VenueRefOf(VenueSummary venue) =>
        new(venue.Id, venue.Name, venue.Town, venue.Postcode, venue.Latitude, venue.Longitude, venue.Accessibility);

    public static ScheduleSummary ScheduleSummaryOf(SearchEntry entry) =>
        ScheduleSummaryOf(entry.Day, entry.LocalStartMinutes, entry.DurationMinutes, entry.TimeZoneId, entry.RecurrenceKind);

    public static ScheduleSummary ScheduleSummaryOf(DayOfWeek day, int localStartMinutes, int durationMinutes, string timeZoneId, RecurrenceKind recurrence) =>
        new(day, StartTimes[localStartMinutes], durationMinutes, timeZoneId, recurrence);
}
