using System.Globalization;
using RecoveryPlatform.Modules.Meetings.Domain;

namespace RecoveryPlatform.Modules.Meetings.Features.Feeds.MeetingGuide;

/// <summary>A listed meeting as a Meeting Guide feed entry (docs/feeds.md gives the mapping field by field).</summary>
internal static class MeetingGuideListing
{
    public static MeetingGuideMeeting From(ListedMeeting meeting)
    {
        var entry = meeting.Entry;
        var venue = entry.Attendance == Attendance.Online ? null : meeting.Venue;
        var types = MeetingGuideTypes.Of(meeting);

        // Real feeds name the area service body (an NA area, an AA intergroup) as the listing's entity.
        var serviceBody = meeting.Group.ServiceBody;
        return new MeetingGuideMeeting(
            Name: entry.Name,
            Slug: entry.Id.ToString(),
            Day: (int)entry.Day,
            Time: ListingText.ClockTime(entry.LocalStartMinutes),
            EndTime: ListingText.ClockTime(entry.LocalStartMinutes + entry.DurationMinutes),
            Timezone: entry.TimeZoneId,
            Types: types.Count > 0 ? types : null,
            Notes: ListingText.Notes(meeting),
            Location: venue?.Name ?? ListingText.Online,
            LocationNotes: ListingText.LocationNotes(meeting, venue),
            FormattedAddress: venue is null ? ListingText.PlaceWithoutVenue(meeting) : ListingText.FormattedAddress(venue),
            Address: venue is null ? null : ListingText.StreetAddress(venue),
            City: venue?.Town,
            PostalCode: venue?.Postcode,
            Country: venue is null ? null : ListingText.CountryName(venue.CountryCode),
            Latitude: venue?.Latitude,
            Longitude: venue?.Longitude,
            // TSML UI decides "in person" from this, not from the coordinates (docs/feeds.md).
            Approximate: venue is null ? "yes" : "no",
            ConferenceUrl: entry.Attendance == Attendance.InPerson ? null : entry.OnlineUrl,
            ConferenceUrlNotes: entry.Attendance == Attendance.InPerson ? null : meeting.OnlineNotes,
            ConferencePhone: entry.Attendance == Attendance.InPerson ? null : ListingText.DialableNumber(entry.OnlinePhone),
            Group: meeting.Group.Name,
            GroupNotes: meeting.Group.Description,
            Regions: meeting.Group.ServiceAreas.Count > 0 ? meeting.Group.ServiceAreas : null,
            Updated: meeting.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            Entity: serviceBody?.Name ?? meeting.Organisation.Name,
            EntityUrl: serviceBody is null ? meeting.Organisation.Website : serviceBody.Url,
            Url: meeting.Group.Website,
            AttendanceOption: ListingText.AttendanceOption(entry.Attendance),
            District: serviceBody?.Name);
    }
}
