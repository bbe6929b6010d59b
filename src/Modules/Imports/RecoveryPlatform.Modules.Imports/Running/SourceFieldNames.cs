using System.Collections.Frozen;
using RecoveryPlatform.Modules.Imports.Domain;
using RecoveryPlatform.SharedKernel.Imports;

namespace RecoveryPlatform.Modules.Imports.Running;

/// <summary>
/// A report names the file's own fields, not the API's: a steward fixes <c>time</c> in the feed, or the Time column
/// of the spreadsheet, not <c>schedule.startTime</c>. Problems arrive under the modules' API names and the Meeting
/// Guide names the readers use, and leave under the names of the file's format.
/// </summary>
internal static class SourceFieldNames
{
    private static readonly FrozenDictionary<string, string> MeetingFields = new Dictionary<string, string>
    {
        ["name"] = "name",
        ["description"] = "notes",
        ["schedule.startTime"] = "time",
        ["schedule.endTime"] = "end_time",
        ["schedule.durationMinutes"] = "end_time",
        ["schedule.timeZone"] = "timezone",
        ["schedule.recurrence.day"] = "day",
        ["online"] = "conference_url",
        ["online.url"] = "conference_url",
        ["online.phone"] = "conference_phone",
        ["online.notes"] = "conference_url_notes",
        ["externalId"] = "slug",
        ["formats"] = "types",
        ["languages"] = "types",
        ["venueId"] = "location",
        ["attendance"] = "attendance_option",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, string> VenueFields = new Dictionary<string, string>
    {
        ["name"] = "location",
        ["addressLine1"] = "address",
        ["town"] = "city",
        ["region"] = "region",
        ["postcode"] = "postal_code",
        ["countryCode"] = "country",
        ["latitude"] = "latitude",
        ["longitude"] = "longitude",
        ["directions"] = "location_notes",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, string> GroupFields = new Dictionary<string, string>
    {
        ["name"] = "group",
        ["description"] = "group_notes",
        ["website"] = "website",
        ["serviceAreas"] = "regions",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, string> CsvColumns = new Dictionary<string, string>
    {
        ["name"] = "Name", ["notes"] = "Notes", ["time"] = "Time", ["end_time"] = "End Time", ["timezone"] = "Timezone", ["day"] = "Day",
        ["conference_url"] = "Conference URL", ["conference_phone"] = "Conference Phone", ["conference_url_notes"] = "Conference URL Notes",
        ["slug"] = "Slug", ["types"] = "Types", ["location"] = "Location", ["attendance_option"] = "Attendance Option", ["address"] = "Address",
        ["city"] = "City", ["region"] = "Region", ["postal_code"] = "Postal Code", ["country"] = "Country", ["latitude"] = "Latitude",
        ["longitude"] = "Longitude", ["location_notes"] = "Location Notes", ["group"] = "Group", ["group_notes"] = "Group Notes",
        ["website"] = "Website", ["regions"] = "Region",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, string> BmltFields = new Dictionary<string, string>
    {
        ["name"] = "meeting_name", ["notes"] = "comments", ["time"] = "start_time", ["end_time"] = "duration_time", ["timezone"] = "time_zone",
        ["day"] = "weekday_tinyint", ["conference_url"] = "virtual_meeting_link", ["conference_phone"] = "phone_meeting_number",
        ["conference_url_notes"] = "virtual_meeting_additional_info", ["slug"] = "id_bigint", ["types"] = "formats", ["location"] = "location_text",
        ["attendance_option"] = "venue_type", ["address"] = "location_street", ["city"] = "location_municipality", ["postal_code"] = "location_postal_code_1",
        ["country"] = "location_nation", ["location_notes"] = "location_info", ["region"] = "location_sub_province", ["regions"] = "location_sub_province",
        ["group"] = "meeting_name",
    }.ToFrozenDictionary();

    public static IReadOnlyList<ImportProblem> FromMeetings(IEnumerable<ImportProblem> problems, ImportFormat format) => Renamed(problems, MeetingFields, format);

    public static IReadOnlyList<ImportProblem> FromVenues(IEnumerable<ImportProblem> problems, ImportFormat format) => Renamed(problems, VenueFields, format);

    public static IReadOnlyList<ImportProblem> FromGroups(IEnumerable<ImportProblem> problems, ImportFormat format) => Renamed(problems, GroupFields, format);

    /// <summary>A Meeting Guide field name in the file's format.</summary>
    public static string InFormat(string meetingGuideName, ImportFormat format) => format switch
    {
        ImportFormat.MeetingGuideCsv => CsvColumns.GetValueOrDefault(meetingGuideName, meetingGuideName),
        ImportFormat.BmltJson => BmltFields.GetValueOrDefault(meetingGuideName, meetingGuideName),
        _ => meetingGuideName,
    };

    private static ImportProblem[] Renamed(IEnumerable<ImportProblem> problems, FrozenDictionary<string, string> apiToMeetingGuide, ImportFormat format) =>
        [.. problems.Select(p => p with { Field = InFormat(apiToMeetingGuide.GetValueOrDefault(p.Field, p.Field), format) })];
}
