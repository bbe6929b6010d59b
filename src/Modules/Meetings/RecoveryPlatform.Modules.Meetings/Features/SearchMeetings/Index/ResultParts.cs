using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Venues.Contracts;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

/// <summary>Builds the fixed parts of search results, sharing one instance per distinct value while an index loads.</summary>
internal sealed class ResultParts
{
    private readonly Dictionary<Guid, OrganisationRef> _organisations = [];
    private readonly Dictionary<Guid, GroupRef> _groups = [];
    private readonly Dictionary<Guid, VenueRef> _venues = [];
    private readonly Dictionary<(DayOfWeek, int, int, string, RecurrenceKind), ScheduleSummary> _schedules = [];

    // "19:30" for every minute of the day, made once.
    private static readonly string[] StartTimes = [.. Enumerable.Range(0, 24 * 60).Select(m => $"{m / 60:00}:{m % 60:00}")];

    public static VenueRef VenueRefOf(VenueSummary venue) =>
        new(venue.Id, venue.Name, venue.Town, venue.Postcode, venue.Latitude, venue.Longitude, venue.Accessibility);

    public static ScheduleSummary ScheduleSummaryOf(SearchEntry entry) =>
        ScheduleSummaryOf(entry.Day, entry.LocalStartMinutes, entry.DurationMinutes, entry.TimeZoneId, entry.RecurrenceKind);

    public ScheduleSummary Schedule(DayOfWeek day, int localStartMinutes, int durationMinutes, string timeZoneId, RecurrenceKind recurrence)
    {
        var key = (day, localStartMinutes, durationMinutes, timeZoneId, recurrence);
        return _schedules.TryGetValue(key, out var shared) ? shared : _schedules[key] = ScheduleSummaryOf(day, localStartMinutes, durationMinutes, timeZoneId, recurrence);
    }

    private static ScheduleSummary ScheduleSummaryOf(DayOfWeek day, int localStartMinutes, int durationMinutes, string timeZoneId, RecurrenceKind recurrence) =>
        new(day, StartTimes[localStartMinutes], durationMinutes, timeZoneId, recurrence);

    public OrganisationRef Organisation(Guid id, string slug, string name) =>
        _organisations.TryGetValue(id, out var shared) ? shared : _organisations[id] = new(id, slug, name);

    public GroupRef Group(Guid id, string name) =>
        _groups.TryGetValue(id, out var shared) ? shared : _groups[id] = new(id, name);

    public VenueRef? Venue(VenueSummary? venue) =>
        venue is null ? null : _venues.TryGetValue(venue.Id, out var shared) ? shared : _venues[venue.Id] = VenueRefOf(venue);
}
