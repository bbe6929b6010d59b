namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;

/// <summary>Search filters; all combine. Lists may repeat the parameter or separate values with commas.</summary>
/// <remarks>The query string as bound, text as the client sent it; <see cref="SearchCriteria.Read"/> reads it once into typed filters.</remarks>
/// <param name="Lat">Latitude of the point to search around (with lng).</param>
/// <param name="Lng">Longitude of the point to search around (with lat).</param>
/// <param name="RadiusKm">Distance from the point, more than 0 and at most 500 km (default 10 with a point); a radius needs a point.</param>
/// <param name="Near">A point to search around instead of lat/lng: latitude,longitude in WGS84 degrees (40.7128,-74.0060), or a UK postcode (LS6 1AA) or postcode district (LS6). Postcodes are UK postcode districts only; elsewhere give the point.</param>
/// <param name="IncludeOnline">With a point: also return online meetings, which have no place ("near LS6, or online").</param>
/// <param name="Organisation">Organisation slugs, e.g. aa-great-britain,na-uk; at most 20.</param>
/// <param name="Day">Weekdays in the meeting's own time zone, e.g. tuesday.</param>
/// <param name="StartsAfter">Local start time at or after HH:mm.</param>
/// <param name="StartsBefore">Local start time before HH:mm.</param>
/// <param name="StartingWithin">ISO 8601 duration (e.g. PT2H): an occurrence starts between at and at + this, in true instants across time zones, clock changes and exceptions. At most P7D.</param>
/// <param name="At">The instant startingWithin and inProgress count from (default now); 1900 to 2999.</param>
/// <param name="InProgress">Only meetings under way at the instant 'at'.</param>
/// <param name="Attendance">in-person, online, hybrid.</param>
/// <param name="Attribute">Shared attributes, all of which must match, e.g. women-only, newcomer-friendly.</param>
/// <param name="Format">An organisation's own format codes, all of which must match; at most 20.</param>
/// <param name="Language">BCP 47 language tags; any of them. A tag also finds its more specific tags: en finds en-US and en-GB.</param>
/// <param name="Accessibility">Venue accessibility features, all of which must match, e.g. step-free-access.</param>
/// <param name="Q">Words in the meeting, group, venue or town names, or in the areas the meeting's group serves and its service body's name (prefixes match: "big bo"; "queens" finds the meetings of groups serving Queens).</param>
/// <param name="UpdatedSince">Only meetings changed at or after this instant; 1900 to 2999.</param>
/// <param name="Sort">distance, nextOccurrence or name. Default: nextOccurrence with startingWithin or inProgress, distance with a point, else name. Sorting by distance needs a point (lat/lng or near).</param>
/// <param name="Page">Page number, from 1.</param>
/// <param name="PageSize">Items per page, 1 to 100.</param>
internal sealed record SearchMeetingsRequest(
    double? Lat,
    double? Lng,
    double? RadiusKm,
    string? Near,
    bool? IncludeOnline,
    string[]? Organisation,
    string[]? Day,
    string? StartsAfter,
    string? StartsBefore,
    string? StartingWithin,
    DateTimeOffset? At,
    bool? InProgress,
    string[]? Attendance,
    string[]? Attribute,
    string[]? Format,
    string[]? Language,
    string[]? Accessibility,
    string? Q,
    DateTimeOffset? UpdatedSince,
    string? Sort,
    int? Page,
    int? PageSize);
