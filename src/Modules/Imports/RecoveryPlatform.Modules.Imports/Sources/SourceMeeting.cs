namespace RecoveryPlatform.Modules.Imports.Sources;

/// <summary>
/// One meeting as a source file describes it, in Meeting Guide terms whatever the file's format: each reader
/// translates its own fields into these, and the rest of the import never looks at the file again.
/// </summary>
internal sealed record SourceMeeting
{
    /// <summary>The record's number in the file, 1-based (a CSV's first data line is 1).</summary>
    public required int Row { get; init; }

    public string? Slug { get; init; }

    public string? Name { get; init; }

    public IReadOnlyList<DayOfWeek> Days { get; init; } = [];

    public string? Time { get; init; }

    public string? EndTime { get; init; }

    public string? TimeZone { get; init; }

    public IReadOnlyList<string> Types { get; init; } = [];

    public string? Notes { get; init; }

    public string? ConferenceUrl { get; init; }

    public string? ConferenceUrlNotes { get; init; }

    public string? ConferencePhone { get; init; }

    public string? ConferencePhoneNotes { get; init; }

    /// <summary>in_person, online, hybrid or inactive, when the source says.</summary>
    public string? AttendanceOption { get; init; }

    /// <summary>The place's name ("St Mark's Church").</summary>
    public string? Location { get; init; }

    public string? LocationNotes { get; init; }

    public string? Address { get; init; }

    public string? City { get; init; }

    public string? State { get; init; }

    public string? PostalCode { get; init; }

    /// <summary>ISO 3166 alpha-2 when the reader could tell; otherwise as written.</summary>
    public string? Country { get; init; }

    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    /// <summary>The source says the place is only roughly known (Meeting Guide <c>approximate: yes</c>).</summary>
    public bool Approximate { get; init; }

    /// <summary>Regions from broadest to narrowest (region, sub-region, or the <c>regions</c> list).</summary>
    public IReadOnlyList<string> Regions { get; init; } = [];

    public string? Group { get; init; }

    public string? GroupNotes { get; init; }

    public string? District { get; init; }

    public string? Website { get; init; }

    public DateTimeOffset? Updated { get; init; }
}

/// <summary>A record of the file refused before it reached the directory's rules (a day of 9, a non-object row).</summary>
internal sealed record SourceRejection(int Row, string Field, string? Value, string Rule);

/// <summary>
/// What a reader makes of a file. Its meetings may be read as they are walked, once: a large file is then never in
/// memory as meetings all at once. The records it refused and the fields it has no home for are complete once the
/// meetings have been walked; the count of records is known before.
/// </summary>
internal sealed class SourceFile(
    IEnumerable<SourceMeeting> meetings,
    IReadOnlyList<SourceRejection> rejections,
    IReadOnlyDictionary<string, int> fieldsWithoutHome,
    int records)
{
    public IEnumerable<SourceMeeting> Meetings { get; } = meetings;

    public IReadOnlyList<SourceRejection> Rejections { get; } = rejections;

    public IReadOnlyDictionary<string, int> FieldsWithoutHome { get; } = fieldsWithoutHome;

    /// <summary>Records (rows, objects) in the file.</summary>
    public int Records { get; } = records;
}

/// <summary>The file cannot be read at all (not JSON, an object where an array belongs, a CSV without its columns): a 400.</summary>
internal sealed class SourceFormatException(string message) : Exception(message);
