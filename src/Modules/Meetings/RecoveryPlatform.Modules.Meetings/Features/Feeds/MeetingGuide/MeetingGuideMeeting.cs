using System.Text.Json.Serialization;

namespace RecoveryPlatform.Modules.Meetings.Features.Feeds.MeetingGuide;

/// <summary>
/// One meeting of a Meeting Guide feed (code4recovery/spec), in the specification's own field names. Fields the
/// data does not have are left out, never sent as null.
/// </summary>
/// <param name="Name">The meeting's name.</param>
/// <param name="Slug">Unique in the feed and stable for the meeting's life: its id.</param>
/// <param name="Day">0 = Sunday … 6 = Saturday.</param>
/// <param name="Time">Local start, HH:MM (24-hour).</param>
/// <param name="EndTime">Local end, HH:MM (24-hour); earlier than time when the meeting runs past midnight.</param>
/// <param name="Timezone">IANA time zone of time and end_time.</param>
/// <param name="Types">Meeting Guide type codes, from the organisation's formats through the shared attributes; only codes of the specification.</param>
/// <param name="Notes">Schedule notes for a meeting that is not weekly (its pattern and next date), cancellations and changes in the next 28 days, then its description.</param>
/// <param name="Location">The venue's name, or "Online".</param>
/// <param name="LocationNotes">The meeting's own location note (room, door), then the venue's directions and access notes.</param>
/// <param name="FormattedAddress">The venue's address in one line; for a meeting with no venue, the areas its group serves.</param>
/// <param name="Address">The venue's street address (its address lines).</param>
/// <param name="City">The venue's town.</param>
/// <param name="PostalCode">The venue's postcode.</param>
/// <param name="Country">The venue's country, in English.</param>
/// <param name="Latitude">The venue's latitude (WGS 84).</param>
/// <param name="Longitude">The venue's longitude (WGS 84).</param>
/// <param name="Approximate">"no" for a real venue; "yes" for a meeting with no venue.</param>
/// <param name="ConferenceUrl">The online meeting's link.</param>
/// <param name="ConferenceUrlNotes">How to join online (meeting id, passcode).</param>
/// <param name="ConferencePhone">The dial-in number.</param>
/// <param name="Group">The group that holds the meeting.</param>
/// <param name="GroupNotes">The group's description.</param>
/// <param name="Regions">The areas the group serves.</param>
/// <param name="Updated">UTC, YYYY-MM-DD HH:MM:SS: the last change to the meeting, its venue or its group; for an imported meeting not changed here since, the source's own time.</param>
/// <param name="Entity">The body responsible for the listing: the group's area service body when one is recorded, else the organisation.</param>
/// <param name="EntityUrl">That body's website.</param>
/// <param name="Url">The group's website.</param>
/// <param name="AttendanceOption">in_person, online or hybrid.</param>
/// <param name="District">The group's area service body (intergroup, district, area), when one is recorded.</param>
internal sealed record MeetingGuideMeeting(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("slug")] string Slug,
    [property: JsonPropertyName("day")] int Day,
    [property: JsonPropertyName("time")] string Time,
    [property: JsonPropertyName("end_time")] string EndTime,
    [property: JsonPropertyName("timezone")] string Timezone,
    [property: JsonPropertyName("types")] IReadOnlyList<string>? Types,
    [property: JsonPropertyName("notes")] string? Notes,
    [property: JsonPropertyName("location")] string Location,
    [property: JsonPropertyName("location_notes")] string? LocationNotes,
    [property: JsonPropertyName("formatted_address")] string FormattedAddress,
    [property: JsonPropertyName("address")] string? Address,
    [property: JsonPropertyName("city")] string? City,
    [property: JsonPropertyName("postal_code")] string? PostalCode,
    [property: JsonPropertyName("country")] string? Country,
    [property: JsonPropertyName("latitude")] double? Latitude,
    [property: JsonPropertyName("longitude")] double? Longitude,
    [property: JsonPropertyName("approximate")] string Approximate,
    [property: JsonPropertyName("conference_url")] string? ConferenceUrl,
    [property: JsonPropertyName("conference_url_notes")] string? ConferenceUrlNotes,
    [property: JsonPropertyName("conference_phone")] string? ConferencePhone,
    [property: JsonPropertyName("group")] string Group,
    [property: JsonPropertyName("group_notes")] string? GroupNotes,
    [property: JsonPropertyName("regions")] IReadOnlyList<string>? Regions,
    [property: JsonPropertyName("updated")] string Updated,
    [property: JsonPropertyName("entity")] string Entity,
    [property: JsonPropertyName("entity_url")] string? EntityUrl,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("attendance_option")] string AttendanceOption,
    [property: JsonPropertyName("district")] string? District = null);
