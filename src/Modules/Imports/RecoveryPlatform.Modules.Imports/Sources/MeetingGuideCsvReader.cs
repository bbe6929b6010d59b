using System.Collections.Frozen;
using CsvHelper;

namespace RecoveryPlatform.Modules.Imports.Sources;

/// <summary>
/// Reads a spreadsheet in the TSML / Meeting Guide import layout (12 Step Meeting List's <c>template.csv</c>, and
/// what the platform's own CSV feed writes): a header row naming the columns, in any order and any case. Quoting,
/// line breaks inside quotes, a byte order mark and Windows line endings are CsvHelper's to handle.
/// </summary>
internal static class MeetingGuideCsvReader
{
    /// <summary>Without these a row cannot be a meeting: their absence refuses the whole file.</summary>
    public static readonly string[] RequiredColumns = ["Day", "Time", "Name"];

    private static readonly FrozenSet<string> ColumnsWithHome = FrozenSet.ToFrozenSet(
    [
        "Time", "End Time", "Day", "Name", "Location", "Address", "City", "State", "Postal Code", "Country", "Region", "Sub Region",
        "Types", "Notes", "Location Notes", "Timezone", "Group", "Group Notes", "District", "Website", "Conference URL", "Conference URL Notes",
        "Conference Phone", "Conference Phone Notes", "Slug", "Updated", "Latitude", "Longitude", "Attendance Option",
    ], StringComparer.OrdinalIgnoreCase);

    public static SourceFile Read(byte[] utf8)
    {
        var options = new CsvReaderOptions { HasHeader = true, MalformedData = CsvMalformedDataHandling.Throw, TrackLineNumbers = true };
        using var csv = CsvReader.Create(WithoutByteOrderMark(utf8), options);
        IReadOnlyList<string> headers;
        try
        {
            headers = csv.Headers;
        }
        catch (CsvFormatException exception)
        {
            throw new SourceFormatException($"The header row cannot be read as CSV (line {exception.LineNumber}).");
        }

        if (headers.Count == 0)
        {
            throw new SourceFormatException("The file is empty: a CSV import starts with a header row naming its columns (Day, Time, Name, …).");
        }

        var missing = RequiredColumns.Where(c => !csv.TryGetFieldIndex(c, out _)).ToList();
        if (missing.Count > 0)
        {
            throw new SourceFormatException($"The header row has no {string.Join(", ", missing)} column{(missing.Count > 1 ? "s" : "")}: a CSV import needs Day, Time and Name (see docs/imports.md for the layout).");
        }

        var extraColumns = headers.Where(h => !string.IsNullOrWhiteSpace(h) && !ColumnsWithHome.Contains(h.Trim())).Select(h => h.Trim()).ToList();
        var meetings = new List<SourceMeeting>();
        var rejections = new List<SourceRejection>();
        var withoutHome = new Dictionary<string, int>(StringComparer.Ordinal);
        var row = 0;
        try
        {
            while (csv.Read())
            {
                row++;
                if (csv.FieldCount != headers.Count)
                {
                    rejections.Add(new SourceRejection(row, "(row)", null, $"The row has {csv.FieldCount} fields where the header has {headers.Count} (line {csv.LineNumber}): a ragged row is not read."));
                    continue;
                }

                foreach (var column in extraColumns.Where(c => !string.IsNullOrWhiteSpace(Field(csv, c))))
                {
                    withoutHome[column] = withoutHome.GetValueOrDefault(column) + 1;
                }

                if (ReadMeeting(row, csv, rejections) is { } meeting)
                {
                    meetings.Add(meeting);
                }
            }
        }
        catch (CsvFormatException exception)
        {
            throw new SourceFormatException($"The file stops being CSV at line {exception.LineNumber} (a quote that is never closed, or a stray quote in an unquoted field).");
        }

        return new SourceFile(meetings, rejections, withoutHome, row);
    }

    private static SourceMeeting? ReadMeeting(int row, CsvReader csv, List<SourceRejection> rejections)
    {
        var dayText = Field(csv, "Day");
        if (!SourceText.TryDay(dayText, out var day))
        {
            rejections.Add(new SourceRejection(row, "Day", dayText, "A weekday, e.g. Monday (or 0 for Sunday to 6 for Saturday)."));
            return null;
        }

        double? latitude = null, longitude = null;
        foreach (var (column, assign) in new (string, Action<double?>)[] { ("Latitude", v => latitude = v), ("Longitude", v => longitude = v) })
        {
            var text = Field(csv, column);
            var value = SourceText.Coordinate(text);
            if (text is not null && value is null)
            {
                rejections.Add(new SourceRejection(row, column, text.Length > 100 ? text[..100] + "…" : text, "A number of degrees, e.g. 53.8196."));
                return null;
            }

            assign(value);
        }

        var address = Field(csv, "Address");
        var city = Field(csv, "City");
        var postalCode = Field(csv, "Postal Code");
        var country = Field(csv, "Country");
        if (address is { } oneLine && city is null && oneLine.Contains(','))
        {
            // The platform's own CSV, like many exports, writes the whole address in one column.
            (address, city, postalCode, country) = FormattedAddress.Split(oneLine, city, postalCode, country);
        }

        var location = Field(csv, "Location");
        var conferenceUrl = Field(csv, "Conference URL");
        var conferencePhone = Field(csv, "Conference Phone");
        return new SourceMeeting
        {
            Row = row,
            Slug = Field(csv, "Slug"),
            Name = Field(csv, "Name"),
            Days = [day],
            Time = SourceText.Time(Field(csv, "Time")),
            EndTime = SourceText.Time(Field(csv, "End Time")),
            TimeZone = Field(csv, "Timezone"),
            Types = SourceText.SplitList(Field(csv, "Types")),
            Notes = Field(csv, "Notes"),
            ConferenceUrl = conferenceUrl,
            ConferenceUrlNotes = Field(csv, "Conference URL Notes"),
            ConferencePhone = conferencePhone,
            ConferencePhoneNotes = Field(csv, "Conference Phone Notes"),
            AttendanceOption = Field(csv, "Attendance Option")?.ToLowerInvariant()
                ?? (address is null && (conferenceUrl ?? conferencePhone) is not null ? "online" : null),
            Location = location,
            LocationNotes = Field(csv, "Location Notes"),
            Address = address,
            City = city,
            State = Field(csv, "State"),
            PostalCode = postalCode,
            Country = SourceText.CountryCode(country) ?? country,
            Latitude = latitude,
            Longitude = longitude,
            Regions = new[] { Field(csv, "Region"), Field(csv, "Sub Region") }.OfType<string>().SelectMany(SourceText.SplitList).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            Group = Field(csv, "Group"),
            GroupNotes = Field(csv, "Group Notes"),
            District = Field(csv, "District"),
            Website = Field(csv, "Website"),
            Updated = SourceText.Updated(Field(csv, "Updated")),
        };
    }

    private static string? Field(CsvReader csv, string column) =>
        csv.TryGetFieldIndex(column, out var index) && index < csv.FieldCount ? SourceText.Clean(csv.GetString(index)) : null;

    private static byte[] WithoutByteOrderMark(byte[] utf8) =>
        utf8.Length >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF ? utf8[3..] : utf8;
}
