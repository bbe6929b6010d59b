using System.Globalization;
using System.Xml;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Formats;
using RecoveryPlatform.Modules.Venues.Contracts;
using RecoveryPlatform.SharedKernel.Geography;
using RecoveryPlatform.SharedKernel.Http;


namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;

/// <summary>
/// A search's filters in typed form, read once from the query string (<see cref="Read"/>): the validator
/// checks these, and the engine (<see cref="MeetingSearch"/>) runs them as they are. What the query string
/// said that could not be read is kept in <see cref="Unreadable"/> for the validator to report; the
/// engine is only given criteria the validator passed.
/// </summary>
/// <remarks>Every filter is optional; an empty list or a null means "any".</remarks>
internal sealed record SearchCriteria
{
    public const double DefaultRadiusKm = 10;
    public const double MaxRadiusKm = 500;
    public const int MaxListValues = 20;
    public static readonly TimeSpan MaxStartingWithin = TimeSpan.FromDays(7);

    private readonly string? _near;

    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    /// <summary>As given (null when none); with a point of its own more than 0 km away at most 500.</summary>
    public double? RadiusKm { get; init; }

    /// <summary>A point as "latitude,longitude", or a UK postcode or postcode district, as given; <see cref="NearPoint"/> is where it is.</summary>
    public string? Near
    {
        get => _near;
        init
        {
            _near = value;
            NearPoint = TryReadPoint(value, out var latitude, out var longitude) || UkPostcodeDistricts.TryResolve(value, out latitude, out longitude)
                ? (latitude, longitude)
                : null;
        }
    }

    /// <summary>Where <see cref="Near"/> is, when it is a point within range or a known postcode or district.</summary>
    public (double Latitude, double Longitude)? NearPoint { get; private init; }

    /// <summary>The point to search around: latitude and longitude, else the place <see cref="Near"/> names.</summary>
    public (double Latitude, double Longitude)? Point => Latitude is { } latitude && Longitude is { } longitude ? (latitude, longitude) : NearPoint;

    public bool IncludeOnline { get; init; }

    /// <summary>Organisation slugs, any of them.</summary>
    public IReadOnlyList<string> Organisations { get; init; } = [];

    /// <summary>Weekdays in each meeting's own zone, any of them.</summary>
    public IReadOnlyList<DayOfWeek> Days { get; init; } = [];

    /// <summary>Local start at or after (to the second: the parameter may carry seconds, meeting starts do not).</summary>
    public TimeOnly? StartsAfter { get; init; }

    /// <summary>Local start before.</summary>
    public TimeOnly? StartsBefore { get; init; }

    /// <summary>An occurrence starts in [<see cref="At"/>, <see cref="At"/> + this).</summary>
    public TimeSpan? StartingWithin { get; init; }

    /// <summary>The instant startingWithin and inProgress count from; null for now.</summary>
    public DateTimeOffset? At { get; init; }

    public bool InProgress { get; init; }

    /// <summary>Any of these.</summary>
    public IReadOnlyList<Attendance> Attendance { get; init; } = [];

    /// <summary>All of these.</summary>
    public IReadOnlyList<SharedAttribute> Attributes { get; init; } = [];

    /// <summary>An organisation's own format codes, all of them.</summary>
    public IReadOnlyList<string> Formats { get; init; } = [];

    /// <summary>ISO 639-1 codes, any of them.</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>Venue accessibility features, all of them.</summary>
    public IReadOnlyList<AccessibilityFeature> Accessibility { get; init; } = [];

    /// <summary>Words as given (q); blank means none.</summary>
    public string? Text { get; init; }

    public DateTimeOffset? UpdatedSince { get; init; }

    /// <summary>As asked; null for the default (<see cref="EffectiveSort"/>).</summary>
    public SearchSort? Sort { get; init; }

    public UnreadableValues Unreadable { get; init; } = UnreadableValues.None;

    /// <summary>The order asked for, else the next occurrence for a time search, distance around a point, else name.</summary>
    public SearchSort EffectiveSort =>
        Sort ?? (StartingWithin is not null || InProgress ? SearchSort.NextOccurrence : Point is not null ? SearchSort.Distance : SearchSort.Name);

    public static SearchCriteria Read(SearchMeetingsRequest request)
    {
        var (days, unreadDays) = WireNamesIn<DayOfWeek>(request.Day);
        var (attendance, unreadAttendance) = WireNamesIn<Attendance>(request.Attendance);
        var (attributes, unreadAttributes) = WireNamesIn<SharedAttribute>(request.Attribute);
        var (accessibility, unreadAccessibility) = WireNamesIn<AccessibilityFeature>(request.Accessibility);
        var startsAfter = MeetingTimes.TryParse(request.StartsAfter, out var after) ? after : (TimeOnly?)null;
        var startsBefore = MeetingTimes.TryParse(request.StartsBefore, out var before) ? before : (TimeOnly?)null;
        var startingWithin = TryParseDuration(request.StartingWithin, out var window) ? window : (TimeSpan?)null;
        var sort = request.Sort switch
        {
            null => (SearchSort?)null,
            "distance" => SearchSort.Distance,
            "nextOccurrence" => SearchSort.NextOccurrence,
            "name" => SearchSort.Name,
            _ => null,
        };

        return new SearchCriteria
        {
            Latitude = request.Lat,
            Longitude = request.Lng,
            RadiusKm = request.RadiusKm,
            Near = request.Near,
            IncludeOnline = request.IncludeOnline == true,
            Organisations = QueryLists.ValuesIn(request.Organisation),
            Days = days,
            StartsAfter = startsAfter,
            StartsBefore = startsBefore,
            StartingWithin = startingWithin,
            At = request.At,
            InProgress = request.InProgress == true,
            Attendance = attendance,
            Attributes = attributes,
            Formats = QueryLists.ValuesIn(request.Format),
            // Tags compare in canonical case, as meetings store them; one that is not a tag is left for the validator to name.
            Languages = [.. QueryLists.ValuesIn(request.Language).Select(l => LanguageTag.TryNormalise(l, out var tag) ? tag : l)],
            Accessibility = accessibility,
            Text = request.Q,
            UpdatedSince = request.UpdatedSince,
            Sort = sort,
            Unreadable = new UnreadableValues
            {
                Day = unreadDays,
                Attendance = unreadAttendance,
                Attribute = unreadAttributes,
                Accessibility = unreadAccessibility,
                StartsAfter = startsAfter is null ? request.StartsAfter : null,
                StartsBefore = startsBefore is null ? request.StartsBefore : null,
                StartingWithin = startingWithin is null ? request.StartingWithin : null,
                Sort = sort is null ? request.Sort : null,
            },
        };
    }

    /// <summary>
    /// "40.7128,-74.0060": WGS84 degrees, latitude first, as feeds outside the UK give places. A postcode never
    /// holds a comma, so nothing else is read as a point.
    /// </summary>
    private static bool TryReadPoint(string? text, out double latitude, out double longitude)
    {
        latitude = longitude = 0;
        var comma = text is null ? -1 : text.IndexOf(',');
        return comma >= 0
            && double.TryParse(text.AsSpan(0, comma), NumberStyles.Float, CultureInfo.InvariantCulture, out latitude)
            && double.TryParse(text.AsSpan(comma + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out longitude)
            && latitude is >= -90 and <= 90
            && longitude is >= -180 and <= 180;
    }

    /// <summary>An ISO 8601 duration (PT2H).</summary>
    private static bool TryParseDuration(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            // Most searches have no window; parsing nothing would throw, and exceptions are costly.
            return false;
        }

        try
        {
            duration = XmlConvert.ToTimeSpan(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static (IReadOnlyList<TEnum> Read, IReadOnlyList<string> Unread) WireNamesIn<TEnum>(string[]? raw)
        where TEnum : struct, Enum
    {
        var values = QueryLists.ValuesIn(raw);
        if (values.Count == 0)
        {
            return ([], []);
        }

        var read = new List<TEnum>(values.Count);
        var unread = new List<string>();
        foreach (var value in values)
        {
            if (WireNames.TryParse<TEnum>(value, out var parsed))
            {
                read.Add(parsed);
            }
            else
            {
                unread.Add(value);
            }
        }

        return (read, unread);
    }

    /// <summary>
    /// What the query string said that no filter could be read from, by parameter (as the client wrote it).
    /// The validator holds these to the parameter's rules, which they fail by being here; it is the rules,
    /// not these values, that the OpenAPI document states.
    /// </summary>
    internal sealed record UnreadableValues
    {
        public static readonly UnreadableValues None = new();

        public IReadOnlyList<string> Day { get; init; } = [];

        public IReadOnlyList<string> Attendance { get; init; } = [];

        public IReadOnlyList<string> Attribute { get; init; } = [];

        public IReadOnlyList<string> Accessibility { get; init; } = [];

        public string? StartsAfter { get; init; }

        public string? StartsBefore { get; init; }

        public string? StartingWithin { get; init; }

        public string? Sort { get; init; }
    }
}
