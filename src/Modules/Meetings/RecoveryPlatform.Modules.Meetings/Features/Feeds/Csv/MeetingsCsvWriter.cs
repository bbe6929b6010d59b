using System.Collections.Frozen;
using System.Globalization;
using CsvHelper;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Formats;
using RecoveryPlatform.Modules.Meetings.Features.Feeds.MeetingGuide;

namespace RecoveryPlatform.Modules.Meetings.Features.Feeds.Csv;

/// <summary>
/// The meetings as CSV in the column layout of the TSML / Meeting Guide spreadsheet import (12 Step Meeting List's
/// <c>template.csv</c>), so a fellowship can take its directory through the tools it already uses. RFC 4180
/// (CsvHelper: quoted where needed, CRLF), UTF-8 without a byte order mark, a header row. Contacts, mailing
/// addresses and payment handles, which may be a person's, are left empty; one column is added at the end,
/// "Conference URL Notes", which the TSML import also reads.
/// </summary>
internal sealed class MeetingsCsvWriter : IFeedWriter
{
    public static readonly MeetingsCsvWriter Instance = new();

    /// <summary>The header row, in order.</summary>
    public static readonly string[] Columns =
    [
        "Time", "End Time", "Day", "Name", "Location", "Address", "Region", "Sub Region", "Types", "Notes", "Location Notes", "Timezone",
        "Group", "District", "Sub District", "Website", "Website 2", "Mailing Address", "Venmo", "Email", "Phone", "Group Notes",
        "Contact 1 Name", "Contact 1 Email", "Contact 1 Phone", "Contact 2 Name", "Contact 2 Email", "Contact 2 Phone",
        "Contact 3 Name", "Contact 3 Email", "Contact 3 Phone", "Last Contact", "Conference URL", "Conference Phone", "Author", "Slug", "Updated",
        "Conference URL Notes",
    ];

    private static readonly FrozenDictionary<string, string> EnglishLabels =
        FormatVocabularies.AlcoholicsAnonymous.ToFrozenDictionary(f => f.Code, f => f.Labels[FormatDefinition.English], StringComparer.Ordinal);

    public string ContentType => "text/csv; charset=utf-8; header=present";

    public async Task WriteAsync(Stream output, IAsyncEnumerable<ListedMeeting> meetings, CancellationToken cancellationToken)
    {
        // Fields are written as stored, formula characters included: the file is for import tools, and a phone
        // number's leading + escaped for spreadsheets would not survive the round trip (docs/feeds.md).
        await using var csv = CsvWriter.Create(output, CsvWriterOptions.Default, leaveOpen: true);
        csv.WriteHeader(Columns);
        await foreach (var meeting in meetings.WithCancellation(cancellationToken))
        {
            await csv.WriteRecordAsync(Array.ConvertAll(Row(meeting), field => field ?? string.Empty), cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    private static string?[] Row(ListedMeeting meeting)
    {
        var entry = meeting.Entry;
        var venue = entry.Attendance == Attendance.Online ? null : meeting.Venue;
        var online = entry.Attendance != Attendance.InPerson;
        var areas = meeting.Group.ServiceAreas;
        return
        [
            ClockTime(entry.LocalStartMinutes),
            ClockTime(entry.LocalStartMinutes + entry.DurationMinutes),
            entry.Day.ToString(),
            entry.Name,
            venue?.Name ?? ListingText.Online,
            venue is null ? ListingText.PlaceWithoutVenue(meeting) : ListingText.FormattedAddress(venue),
            areas.Count > 0 ? areas[0] : null,
            areas.Count > 1 ? string.Join(", ", areas.Skip(1)) : null,
            string.Join(", ", MeetingGuideTypes.Of(meeting).Select(code => EnglishLabels.GetValueOrDefault(code, code))),
            ListingText.Notes(meeting),
            ListingText.LocationNotes(meeting, venue),
            entry.TimeZoneId,
            meeting.Group.Name,
            meeting.Group.ServiceBody?.Name, // District: the group's area service body
            null, // Sub District
            meeting.Group.Website,
            meeting.Organisation.Website,
            null, // Mailing Address
            null, // Venmo
            null, // Email
            null, // Phone
            meeting.Group.Description,
            null, null, null, null, null, null, null, null, null, // Contacts 1–3
            null, // Last Contact
            online ? entry.OnlineUrl : null,
            online ? ListingText.DialableNumber(entry.OnlinePhone) : null,
            null, // Author
            entry.Id.ToString(),
            meeting.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            online ? meeting.OnlineNotes : null,
        ];
    }

    /// <summary>"6:00 PM", as the spreadsheet template writes times (the import also reads 24-hour times).</summary>
    private static string ClockTime(int minutes) => ListingText.ClockTime(minutes, "h:mm tt");
}
