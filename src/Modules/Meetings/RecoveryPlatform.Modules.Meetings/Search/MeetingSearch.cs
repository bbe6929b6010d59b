using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Formats;
using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using RecoveryPlatform.Modules.Meetings.Features;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;
using RecoveryPlatform.Modules.Venues.Contracts;
using RecoveryPlatform.SharedKernel.Http;

namespace RecoveryPlatform.Modules.Meetings.Search;

/// <summary>
/// One validated search, run against a snapshot: start from the smallest candidate set an index can
/// give (grid cells near a point, or text matches), apply the cheap filters, and only then the
/// schedule computations, which are the costly ones.
/// </summary>
internal sealed class MeetingSearch
{
    private const double EarthRadiusKm = 6371.0088;

    private (double Latitude, double Longitude)? _point;
    private double _radiusKm;
    private bool _includeOnline;
    private HashSet<string>? _organisations;
    private int _dayMask;
    private int? _startsAfter;
    private int? _startsBefore;
    private TimeSpan? _window;
    private DateTimeOffset _at;
    private bool _inProgress;
    private int _attendanceMask;
    private long _attributes;
    private string[] _formats = [];
    private HashSet<string>? _languages;
    private int _accessibility;
    private string? _text;
    private DateTimeOffset? _updatedSince;
    private string _sort = "name";

    public static MeetingSearch From(SearchMeetingsRequest request, DateTimeOffset now)
    {
        var search = new MeetingSearch { _at = request.At ?? now, _inProgress = request.InProgress == true, _includeOnline = request.IncludeOnline == true };
        if (request.Lat is { } lat && request.Lng is { } lng)
        {
            search._point = (lat, lng);
        }
        else if (PostcodeDistricts.TryResolve(request.Near, out var nearLat, out var nearLng))
        {
            search._point = (nearLat, nearLng);
        }

        search._radiusKm = request.RadiusKm ?? SearchMeetingsHandler.DefaultRadiusKm;
        var organisations = SearchMeetingsQuery.Values(request.Organisation);
        search._organisations = organisations.Count > 0 ? organisations.ToHashSet(StringComparer.Ordinal) : null;
        search._dayMask = SearchMeetingsQuery.Values(request.Day).Aggregate(0, (mask, d) => mask | (1 << (int)WireNames.ParseOrNull<DayOfWeek>(d)!.Value));
        search._attendanceMask = SearchMeetingsQuery.Values(request.Attendance).Aggregate(0, (mask, a) => mask | (1 << (int)WireNames.ParseOrNull<Attendance>(a)!.Value));
        search._attributes = SharedAttributes.ToMask(SearchMeetingsQuery.Values(request.Attribute).Select(a => WireNames.ParseOrNull<SharedAttribute>(a)!.Value));
        search._accessibility = SearchEntry.AccessibilityMaskOf(SearchMeetingsQuery.Values(request.Accessibility).Select(a => WireNames.ParseOrNull<AccessibilityFeature>(a)!.Value));
        search._formats = [.. SearchMeetingsQuery.Values(request.Format)];
        var languages = SearchMeetingsQuery.Values(request.Language);
        search._languages = languages.Count > 0 ? languages.ToHashSet(StringComparer.Ordinal) : null;
        search._startsAfter = MeetingTimes.TryParse(request.StartsAfter, out var after) ? (after.Hour * 60) + after.Minute : null;
        search._startsBefore = MeetingTimes.TryParse(request.StartsBefore, out var before) ? (before.Hour * 60) + before.Minute : null;
        search._window = SearchMeetingsValidator.TryParseWindow(request.StartingWithin, out var window) && request.StartingWithin is not null ? window : null;
        search._text = string.IsNullOrWhiteSpace(request.Q) ? null : request.Q;
        search._updatedSince = request.UpdatedSince;
        search._sort = request.Sort
            ?? (search._window is not null || search._inProgress ? "nextOccurrence" : search._point is not null ? "distance" : "name");
        return search;
    }

    public (List<MeetingSearchResult> Page, int Total) Run(SearchSnapshot snapshot, int page, int pageSize)
    {
        var matches = new List<Match>();
        HashSet<int>? textMatches = null;
        IEnumerable<SearchEntry> candidates;
        if (_point is { } point)
        {
            var latDelta = _radiusKm / EarthRadiusKm * (180 / Math.PI);
            var lngDelta = Math.Min(180, latDelta / Math.Max(Math.Cos(point.Latitude * Math.PI / 180), 1e-6));
            candidates = snapshot.InBox(point.Latitude - latDelta, point.Latitude + latDelta, point.Longitude - lngDelta, point.Longitude + lngDelta);
            if (_includeOnline)
            {
                candidates = candidates.Concat(snapshot.Joinable).DistinctBy(e => e.Id);
            }

            if (_text is not null)
            {
                textMatches = [.. snapshot.MatchingText(_text) ?? []];
            }
        }
        else if (_text is not null)
        {
            candidates = (snapshot.MatchingText(_text) ?? []).Select(position => snapshot.ByName[position]);
        }
        else
        {
            candidates = snapshot.ByName;
        }

        // Meetings changed since the indexes were built are few; their old versions are skipped and
        // their new ones checked one by one.
        if (snapshot.Shadowed.Count > 0)
        {
            candidates = candidates.Where(e => !snapshot.Shadowed.Contains(e.Id));
        }

        if (snapshot.Overlay.Count > 0)
        {
            var overlay = snapshot.Overlay.Values.Where(e => _text is null || SearchSnapshot.MatchesText(e, _text));
            candidates = candidates.Concat(overlay);
        }

        foreach (var entry in candidates)
        {
            double? distance = null;
            if (_point is { } origin)
            {
                if (entry.Latitude is { } lat && entry.Longitude is { } lng)
                {
                    distance = DistanceKm(origin.Latitude, origin.Longitude, lat, lng);
                }

                var withinRadius = distance <= _radiusKm;
                if (!withinRadius && !(_includeOnline && entry.Attendance != Attendance.InPerson))
                {
                    continue;
                }

                if (!withinRadius)
                {
                    distance = null;
                }
            }

            if (textMatches is not null && !(snapshot.Overlay.ContainsKey(entry.Id) ? SearchSnapshot.MatchesText(entry, _text!) : textMatches.Contains(snapshot.Position[entry.Id])))
            {
                continue;
            }

            if (!PassesCheapFilters(entry))
            {
                continue;
            }

            Occurrence? occurrence = null;
            if ((_inProgress || _window is not null) && !MaySlotFit(entry))
            {
                continue;
            }

            if (_inProgress)
            {
                occurrence = entry.Schedule.OccurrenceInProgress(_at);
                if (occurrence is null)
                {
                    continue;
                }
            }

            if (_window is { } window)
            {
                var starting = entry.Schedule.StartsWithin(_at, window);
                if (starting is null)
                {
                    continue;
                }

                occurrence ??= starting;
            }

            matches.Add(new Match(entry, distance, occurrence));
        }

        // Base entries come in name order already; overlay entries (and grid cells) need sorting.
        var inNameOrder = _point is null && snapshot.Overlay.Count == 0;
        IEnumerable<Match> ordered = _sort switch
        {
            "distance" => matches.OrderBy(m => m.DistanceKm ?? double.MaxValue).ThenBy(m => m.Entry.Name, StringComparer.OrdinalIgnoreCase).ThenBy(m => m.Entry.Id),
            "nextOccurrence" => matches.Select(m => m with { Occurrence = m.Occurrence ?? m.Entry.Schedule.NextOccurrence(_at) })
                .OrderBy(m => m.Occurrence?.StartUtc ?? DateTimeOffset.MaxValue).ThenBy(m => m.Entry.Name, StringComparer.OrdinalIgnoreCase).ThenBy(m => m.Entry.Id),
            _ => inNameOrder ? matches : matches.OrderBy(m => m.Entry.Name, StringComparer.OrdinalIgnoreCase).ThenBy(m => m.Entry.Id),
        };

        var results = ordered.Skip((page - 1) * pageSize).Take(pageSize)
            .Select(m => ToResult(m.Entry, m.DistanceKm, m.Occurrence ?? m.Entry.Schedule.NextOccurrence(_at)))
            .ToList();
        return (results, matches.Count);
    }

    /// <summary>
    /// A cheap, conservative test before the schedule engine: can the meeting's usual weekly slot (its
    /// weekday and local start) fall in the searched window at all? The window is widened by an hour
    /// each side in the meeting's own zone, so clock changes never exclude a real occurrence.
    /// Meetings with one-off changes always go to the engine. Cancellations only remove occurrences,
    /// so they cannot make a slot fit that does not.
    /// </summary>
    private bool MaySlotFit(SearchEntry entry)
    {
        if (entry.HasChanges)
        {
            return true;
        }

        var (from, to) = LocalWindow(entry);
        if (to - from >= TimeSpan.FromDays(7))
        {
            return true;
        }

        for (var day = from.Date; day <= to.Date; day = day.AddDays(1))
        {
            if (day.DayOfWeek == entry.Day)
            {
                var start = day.AddMinutes(entry.LocalStartMinutes);
                if (start >= from && start <= to)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private (DateTime From, DateTime To) LocalWindow(SearchEntry entry)
    {
        var key = (entry.TimeZoneId, _inProgress ? entry.DurationMinutes : -1);
        if (_localWindows.TryGetValue(key, out var window))
        {
            return window;
        }

        var slack = TimeSpan.FromHours(1);
        var localAt = TimeZoneInfo.ConvertTime(_at, TimeZoneInfo.FindSystemTimeZoneById(entry.TimeZoneId)).DateTime;
        var from = _inProgress ? localAt - TimeSpan.FromMinutes(entry.DurationMinutes) - slack : localAt - slack;
        var to = _inProgress ? localAt + slack : localAt + (_window ?? TimeSpan.Zero) + slack;
        if (_inProgress && _window is { } both)
        {
            to = localAt + both + slack;
        }

        window = (from, to);
        _localWindows[key] = window;
        return window;
    }

    private readonly Dictionary<(string TimeZoneId, int Duration), (DateTime From, DateTime To)> _localWindows = [];

    private bool PassesCheapFilters(SearchEntry entry) =>
        (_organisations is null || _organisations.Contains(entry.OrganisationSlug))
        && (_dayMask == 0 || (_dayMask & (1 << (int)entry.Day)) != 0)
        && (_startsAfter is null || entry.LocalStartMinutes >= _startsAfter)
        && (_startsBefore is null || entry.LocalStartMinutes < _startsBefore)
        && (_attendanceMask == 0 || (_attendanceMask & (1 << (int)entry.Attendance)) != 0)
        && SharedAttributes.HasAll(entry.AttributesMask, _attributes)
        && (_accessibility == 0 || (entry.AccessibilityMask & _accessibility) == _accessibility)
        && (_formats.Length == 0 || _formats.All(f => entry.Formats.Contains(f, StringComparer.Ordinal)))
        && (_languages is null || entry.Languages.Any(_languages.Contains))
        && (_updatedSince is null || entry.UpdatedAt >= _updatedSince);

    private static MeetingSearchResult ToResult(SearchEntry entry, double? distanceKm, Occurrence? next) => new(
        entry.Id,
        entry.Name,
        new OrganisationRef(entry.OrganisationId, entry.OrganisationSlug, entry.OrganisationName),
        new GroupRef(entry.GroupId, entry.GroupName),
        entry.Attendance,
        entry.Venue is { } venue ? new VenueRef(venue.Id, venue.Name, venue.Town, venue.Postcode, venue.Latitude, venue.Longitude, venue.Accessibility) : null,
        entry.Attendance == Attendance.InPerson ? null : new OnlineRef(entry.OnlineUrl, entry.OnlinePhone),
        new ScheduleSummary(entry.Day, $"{entry.LocalStartMinutes / 60:00}:{entry.LocalStartMinutes % 60:00}", entry.DurationMinutes, entry.TimeZoneId, entry.RecurrenceKind),
        entry.Formats,
        [.. SharedAttributes.FromMask(entry.AttributesMask).Order()],
        entry.Languages,
        distanceKm is { } km ? Math.Round(km, 2) : null,
        next is null ? null : OccurrenceResponse.From(next));

    private static double DistanceKm(double lat1, double lng1, double lat2, double lng2)
    {
        const double ToRadians = Math.PI / 180;
        var dLat = (lat2 - lat1) * ToRadians;
        var dLng = (lng2 - lng1) * ToRadians;
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(lat1 * ToRadians) * Math.Cos(lat2 * ToRadians) * Math.Sin(dLng / 2) * Math.Sin(dLng / 2));
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private sealed record Match(SearchEntry Entry, double? DistanceKm, Occurrence? Occurrence);
}
