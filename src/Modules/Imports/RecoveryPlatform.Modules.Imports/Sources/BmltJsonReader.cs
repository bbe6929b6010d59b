using System.Globalization;
using System.Text.Json;

namespace RecoveryPlatform.Modules.Imports.Sources;

/// <summary>
/// Reads a BMLT root server's <c>GetSearchResults</c> JSON (what NA service bodies hold): every value a string,
/// <c>weekday_tinyint</c> 1 = Sunday to 7 = Saturday, <c>start_time</c> and <c>duration_time</c> as HH:MM:SS,
/// formats as a comma-separated string of the service body's format keys, and <c>venue_type</c> 1 in person,
/// 2 virtual, 3 hybrid. The meeting's id (<c>id_bigint</c>) is its external id.
/// </summary>
internal static class BmltJsonReader
{
    private static readonly HashSet<string> FieldsWithHome = new(StringComparer.Ordinal)
    {
        "id_bigint", "meeting_name", "weekday_tinyint", "start_time", "duration_time", "time_zone", "formats", "comments",
        "location_text", "location_info", "location_street", "location_municipality", "location_province", "location_postal_code_1",
        "location_nation", "location_sub_province", "location_neighborhood", "latitude", "longitude", "virtual_meeting_link",
        "virtual_meeting_additional_info", "phone_meeting_number", "venue_type", "published",
        // Identifiers of the server's own records, which say nothing about the meeting itself.
        "service_body_bigint", "format_shared_id_list", "worldid_mixed", "root_server_id", "root_server_uri",
    };

    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, MaxDepth = 16 };

    private const string WhatItIs = "a BMLT export is the JSON array GetSearchResults returns";

    /// <summary>How many meetings the export holds, or why it is not one at all: what is known before any meeting is read.</summary>
    public static int CountRecords(ReadOnlyMemory<byte> utf8) => SourceJson.CountArray(utf8, Options, WhatItIs);

    public static SourceFile Read(ReadOnlyMemory<byte> utf8)
    {
        var records = SourceJson.CountArray(utf8, Options, WhatItIs);
        var meetings = new List<SourceMeeting>();
        var rejections = new List<SourceRejection>();
        var withoutHome = new Dictionary<string, int>(StringComparer.Ordinal);
        var row = 0;
        foreach (var element in SourceJson.ValuesOf(utf8, Options))
        {
            row++;
            if (element.ValueKind != JsonValueKind.Object)
            {
                rejections.Add(new SourceRejection(row, "(meeting)", null, "Each meeting is a JSON object."));
                continue;
            }

            foreach (var property in element.EnumerateObject().Where(p => !FieldsWithHome.Contains(p.Name) && p.Value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(p.Value.GetString())))
            {
                withoutHome[property.Name] = withoutHome.GetValueOrDefault(property.Name) + 1;
            }

            if (ReadMeeting(row, element, rejections) is { } meeting)
            {
                meetings.Add(meeting);
            }
        }

        return new SourceFile(meetings, rejections, withoutHome, records);
    }

    private static SourceMeeting? ReadMeeting(int row, JsonElement element, List<SourceRejection> rejections)
    {
        var weekday = Text(element, "weekday_tinyint");
        if (!int.TryParse(weekday, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 7)
        {
            rejections.Add(new SourceRejection(row, "weekday_tinyint", weekday, "1 (Sunday) to 7 (Saturday)."));
            return null;
        }

        var latitude = SourceText.Coordinate(Text(element, "latitude"));
        var longitude = SourceText.Coordinate(Text(element, "longitude"));

        // BMLT servers write 0,0 for a meeting they could not place.
        if (latitude == 0 && longitude == 0)
        {
            latitude = longitude = null;
        }

        var start = SourceText.Time(Text(element, "start_time"));
        var venueType = Text(element, "venue_type");
        var published = Text(element, "published");
        return new SourceMeeting
        {
            Row = row,
            Slug = Text(element, "id_bigint"),
            Name = Text(element, "meeting_name"),
            Days = [(DayOfWeek)(number - 1)],
            Time = start,
            EndTime = EndTime(start, Text(element, "duration_time")),
            TimeZone = Text(element, "time_zone"),
            Types = SourceText.SplitList(Text(element, "formats")),
            Notes = Text(element, "comments"),
            ConferenceUrl = Text(element, "virtual_meeting_link"),
            ConferenceUrlNotes = Text(element, "virtual_meeting_additional_info"),
            ConferencePhone = Text(element, "phone_meeting_number"),
            AttendanceOption = published == "0" ? "inactive" : venueType switch
            {
                "1" => "in_person",
                "2" => "online",
                "3" => "hybrid",
                _ => null,
            },
            Location = Text(element, "location_text"),
            LocationNotes = Text(element, "location_info"),
            Address = Text(element, "location_street"),
            City = Text(element, "location_municipality"),
            State = Text(element, "location_province"),
            PostalCode = Text(element, "location_postal_code_1"),
            Country = SourceText.CountryCode(Text(element, "location_nation")) ?? Text(element, "location_nation"),
            Latitude = latitude,
            Longitude = longitude,
            Regions = new[] { Text(element, "location_sub_province"), Text(element, "location_neighborhood") }.OfType<string>().ToList(),
        };
    }

    /// <summary>The end time from a start (HH:mm) and a BMLT duration (HH:MM:SS); null when either is unreadable.</summary>
    private static string? EndTime(string? start, string? duration)
    {
        if (!TimeOnly.TryParseExact(start, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from)
            || !TimeSpan.TryParseExact(duration, ["hh\\:mm\\:ss", "hh\\:mm", "h\\:mm\\:ss", "h\\:mm"], CultureInfo.InvariantCulture, out var length)
            || length <= TimeSpan.Zero)
        {
            return null;
        }

        return from.Add(length).ToString("HH:mm", CultureInfo.InvariantCulture);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? SourceText.Clean(value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            })
            : null;
}
