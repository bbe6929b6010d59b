using RecoveryPlatform.Modules.Meetings.Domain.Formats;
using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;

/// <summary>
/// Validated criteria turned into what the scan tests: bit masks for the filters an entry's keys can
/// answer, a point on the unit sphere and a squared chord for the radius, and the choices that decide how
/// candidates are read. <see cref="Consider"/> tests one meeting against all of it, cheapest test first.
/// </summary>
/// <remarks>
/// One plan serves one search, on one thread: it remembers each zone's local window for the search's
/// instant as it goes.
/// </remarks>
internal sealed class SearchPlan
{
    private readonly HashSet<string>? _organisations;
    private readonly int _attendanceMask;
    private readonly long _attributes;
    private readonly string[] _formats;
    private readonly HashSet<string>? _languages;
    private readonly int _accessibility;
    private readonly int? _startsAfterSeconds;
    private readonly int? _startsBeforeSeconds;
    private readonly DateTimeOffset? _updatedSince;
    private readonly bool _hasEntryFilters;
    private readonly Dictionary<short, TimeSpan?> _steadyOffsets = [];
    private readonly Dictionary<(short ZoneNumber, int Duration), WeekWindow> _localWindows = [];
    private (short ZoneNumber, int Duration) _lastWindowKey = (-1, -1);
    private WeekWindow _lastWindow;

    // Text split into words once, when a meeting outside the indexes first needs testing against it.
    private string[]? _textWords;

    /// <param name="criteria">Criteria the validator passed.</param>
    /// <param name="now">The instant "now" stands for when the criteria give none.</param>
    public SearchPlan(SearchCriteria criteria, DateTimeOffset now)
    {
        At = criteria.At ?? now;
        InProgress = criteria.InProgress;
        Window = criteria.StartingWithin;
        IncludeOnline = criteria.IncludeOnline;
        Point = criteria.Point;
        RadiusKm = criteria.RadiusKm ?? SearchCriteria.DefaultRadiusKm;
        if (Point is { } origin)
        {
            Origin = GreatCircle.UnitVector(origin.Latitude, origin.Longitude);
            RadiusSquaredChord = GreatCircle.SquaredChordOfKm(RadiusKm);
        }

        _organisations = criteria.Organisations.Count > 0 ? criteria.Organisations.ToHashSet(StringComparer.Ordinal) : null;
        DayMask = criteria.Days.Aggregate(0, (mask, day) => mask | (1 << (int)day));
        _attendanceMask = criteria.Attendance.Aggregate(0, (mask, attendance) => mask | (1 << (int)attendance));
        _attributes = SharedAttributes.ToMask(criteria.Attributes);
        _accessibility = SearchEntry.AccessibilityMaskOf(criteria.Accessibility);
        _formats = [.. criteria.Formats];
        _languages = criteria.Languages.Count > 0 ? criteria.Languages.ToHashSet(StringComparer.Ordinal) : null;
        _startsAfterSeconds = criteria.StartsAfter is { } after ? (int)(after.Ticks / TimeSpan.TicksPerSecond) : null;
        _startsBeforeSeconds = criteria.StartsBefore is { } before ? (int)(before.Ticks / TimeSpan.TicksPerSecond) : null;
        Text = string.IsNullOrWhiteSpace(criteria.Text) ? null : criteria.Text;
        _updatedSince = criteria.UpdatedSince;
        Sort = criteria.EffectiveSort;

        HasKeyFilters = DayMask != 0 || _startsAfterSeconds is not null || _startsBeforeSeconds is not null || _attendanceMask != 0
            || _attributes != 0 || _accessibility != 0;
        _hasEntryFilters = _organisations is not null || _updatedSince is not null || _formats.Length > 0 || _languages is not null;

        // A window asks for instants, but in progress depends on each meeting's length: only a plain
        // window reads week slots by time; any search for days reads them by day.
        SlotScan = Window is not null && !InProgress ? SlotScan.Window : DayMask != 0 ? SlotScan.Days : SlotScan.Everything;

        // Whether a match can be recognised from its keys alone, so a far cell inside the circle can be
        // counted without measuring each meeting (only when sorting by distance, where far cells cannot
        // reach the page).
        CountsCellsWhole = Sort == SearchSort.Distance && !_hasEntryFilters && !InProgress && Window is null;

        // Whether a base entry may have to be read while filtering, not just its keys.
        NeedsEntry = _hasEntryFilters || InProgress || Window is not null || Sort == SearchSort.NextOccurrence;
    }

    /// <summary>The instant startingWithin and inProgress count from.</summary>
    public DateTimeOffset At { get; }

    public bool InProgress { get; }

    public TimeSpan? Window { get; }

    public bool IncludeOnline { get; }

    public (double Latitude, double Longitude)? Point { get; }

    /// <summary>The point on the unit sphere (with a point).</summary>
    public GreatCircle.Point Origin { get; }

    public double RadiusKm { get; }

    /// <summary>The radius as the squared chord of the unit sphere that distances are compared in.</summary>
    public double RadiusSquaredChord { get; }

    public int DayMask { get; }

    public string? Text { get; }

    public SearchSort Sort { get; }

    /// <summary>Whether some filter can be answered from an entry's keys (day, start, attendance, attributes, accessibility).</summary>
    public bool HasKeyFilters { get; }

    public SlotScan SlotScan { get; }

    public bool CountsCellsWhole { get; }

    public bool NeedsEntry { get; }

    /// <summary>
    /// Tests a meeting the snapshot's indexes do not hold (an overlay entry, or one side of a change in a
    /// snapshot's history): its words as the text index would match them, then every filter (<see cref="Consider"/>).
    /// </summary>
    public void ConsiderUnindexed(in SearchKeys keys, SearchEntry entry, SearchSnapshot snapshot, double rank, HitCollector hits)
    {
        if (Text is null || SearchSnapshot.MatchesText(entry, _textWords ??= SearchSnapshot.QueryWords(Text)))
        {
            Consider(keys, entry, snapshot, -1, rank, hits);
        }
    }

    /// <summary>
    /// Tests one meeting against every filter, cheapest first, and hands a match to the collector.
    /// A base entry (<paramref name="entry"/> null) is only read from <paramref name="snapshot"/> once its
    /// keys have passed, and only where a filter, the engine or the sort needs more than its keys.
    /// </summary>
    public void Consider(in SearchKeys keys, SearchEntry? entry, SearchSnapshot snapshot, int position, double rank, HitCollector hits)
    {
        if (HasKeyFilters && !PassesKeyFilters(keys))
        {
            return;
        }

        var squaredChord = double.NaN;
        if (Point is not null)
        {
            if (keys.HasPlace)
            {
                squaredChord = GreatCircle.SquaredChord(keys.Place, Origin);
            }

            if (!(squaredChord <= RadiusSquaredChord))
            {
                if (!IncludeOnline || keys.IsInPerson)
                {
                    return;
                }

                squaredChord = double.NaN;
            }
        }

        var slots = InProgress || Window is not null ? LocalWindow(keys.ZoneNumber, InProgress ? keys.DurationMinutes : -1) : default;
        if ((InProgress || Window is not null) && !MaySlotFit(keys, slots))
        {
            return;
        }

        SearchEntry Entry() => entry ??= snapshot.ByName[position];
        if (_hasEntryFilters && !PassesEntryFilters(Entry()))
        {
            return;
        }

        Occurrence? occurrence = null;
        if (InProgress)
        {
            occurrence = Entry().Schedule.OccurrenceInProgress(At);
            if (occurrence is null)
            {
                return;
            }
        }

        long? startTicks = null;
        if (Window is { } window)
        {
            if (!InProgress && !keys.HasChanges && slots.FixedOffset is { } offset)
            {
                // Away from clock changes, a meeting without one-off changes can only start in the window
                // at its slot, at a fixed offset: the first slot at or after the instant, as the window (under
                // a week) holds no other. The engine then only runs for meetings it alone can place.
                var (slot, start) = SlotArithmetic.FirstAtOrAfter(keys.MinuteOfWeek, offset, At);
                if (start - At >= window || !(keys.IsPlainWeekly || SlotArithmetic.MeetsOn(Entry().Schedule.Definition, DateOnly.FromDateTime(slot))))
                {
                    return;
                }

                startTicks = start.UtcTicks;
            }
            else
            {
                var starting = Entry().Schedule.StartsWithin(At, window);
                if (starting is null)
                {
                    return;
                }

                occurrence ??= starting;
            }
        }

        var primary = Sort switch
        {
            SearchSort.Distance => double.IsNaN(squaredChord) ? double.PositiveInfinity : squaredChord,
            SearchSort.NextOccurrence => startTicks ?? ((occurrence ??= NextOccurrence(Entry(), keys)) is { } next ? next.StartUtc.UtcTicks : double.PositiveInfinity),
            _ => rank,
        };

        if (hits.IsFull && primary > hits.WorstPrimary)
        {
            // Worse than every kept hit whatever the name: counted, never kept.
            hits.CountUnkept();
            return;
        }

        hits.Add(new Hit(position < 0 ? entry : null, position, primary, rank, squaredChord, occurrence));
    }

    /// <summary>The meeting's first occurrence starting at or after the search's instant.</summary>
    public Occurrence? NextOccurrence(SearchEntry entry, in SearchKeys keys)
    {
        if (!keys.HasChanges && SteadyOffset(keys.ZoneNumber) is { } offset)
        {
            // A meeting without one-off changes only ever meets at its slot; when its zone keeps one offset
            // all week and it meets on the next slot's date (always, for a plain weekly meeting), that
            // is the occurrence, by plain arithmetic and as the engine would build it.
            var (slot, start) = SlotArithmetic.FirstAtOrAfter(keys.MinuteOfWeek, offset, At);
            var date = DateOnly.FromDateTime(slot);
            if (keys.IsPlainWeekly || SlotArithmetic.MeetsOn(entry.Schedule.Definition, date))
            {
                return new Occurrence(date, slot, start, start.AddMinutes(entry.DurationMinutes), offset, IsChanged: false, VenueIdOverride: null);
            }
        }

        return entry.Schedule.NextOccurrence(At);
    }

    public bool PassesKeyFilters(in SearchKeys keys) =>
        (DayMask == 0 || (DayMask & keys.DayBit) != 0)
        && (_startsAfterSeconds is null || keys.LocalStartMinutes * 60 >= _startsAfterSeconds)
        && (_startsBeforeSeconds is null || keys.LocalStartMinutes * 60 < _startsBeforeSeconds)
        && (_attendanceMask == 0 || (_attendanceMask & keys.AttendanceBit) != 0)
        && SharedAttributes.HasAll(keys.AttributesMask, _attributes)
        && (_accessibility == 0 || (keys.AccessibilityMask & _accessibility) == _accessibility);

    /// <summary>The week slots this search's window covers in one zone (the same for every meeting there but for in-progress searches).</summary>
    /// <param name="zoneNumber">The zone, as <see cref="SearchZones"/> numbers it.</param>
    /// <param name="durationMinutes">In progress: the meeting's length; else -1.</param>
    public WeekWindow LocalWindow(short zoneNumber, int durationMinutes)
    {
        var key = (zoneNumber, durationMinutes);

        // Nearly every meeting shares one zone: skip the hashing when it is the last one asked about.
        if (key == _lastWindowKey)
        {
            return _lastWindow;
        }

        if (!_localWindows.TryGetValue(key, out var window))
        {
            // In progress: started at most a meeting's length before; starting within: up to the window after.
            var lookBack = InProgress ? TimeSpan.FromMinutes(durationMinutes) : TimeSpan.Zero;
            _localWindows[key] = window = SlotArithmetic.LocalWindow(SearchZones.ZoneOf(zoneNumber), At, lookBack, Window ?? TimeSpan.Zero);
        }

        (_lastWindowKey, _lastWindow) = (key, window);
        return window;
    }

    /// <summary>
    /// A cheap, conservative test before the schedule engine: can the meeting's usual weekly slot (its
    /// weekday and local start) fall in the searched window at all? Meetings with one-off changes always
    /// go to the engine. Cancellations only remove occurrences, so they cannot make a slot fit that does not.
    /// </summary>
    private static bool MaySlotFit(in SearchKeys entry, in WeekWindow slots) => entry.HasChanges || slots.Contains(entry.MinuteOfWeek);

    private TimeSpan? SteadyOffset(short zoneNumber)
    {
        if (!_steadyOffsets.TryGetValue(zoneNumber, out var offset))
        {
            _steadyOffsets[zoneNumber] = offset = SlotArithmetic.SteadyOffset(SearchZones.ZoneOf(zoneNumber), At);
        }

        return offset;
    }

    private bool PassesEntryFilters(SearchEntry entry) =>
        (_organisations is null || _organisations.Contains(entry.OrganisationSlug))
        && (_updatedSince is null || entry.UpdatedAt >= _updatedSince)
        && HasAllFormats(entry)
        && SpeaksAnyLanguage(entry);

    private bool HasAllFormats(SearchEntry entry)
    {
        foreach (var format in _formats)
        {
            if (Array.IndexOf(entry.Formats, format) < 0)
            {
                return false;
            }
        }

        return true;
    }

    private bool SpeaksAnyLanguage(SearchEntry entry)
    {
        if (_languages is null)
        {
            return true;
        }

        // RFC 4647 basic filtering: language=en finds en, en-GB and en-US. Each tag is tried whole, then with its
        // last subtag cut, down to its language, as spans of the stored string (no copies on the search path).
        var ranges = _languages.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var language in entry.Languages)
        {
            var tag = language.AsSpan();
            while (true)
            {
                if (ranges.Contains(tag))
                {
                    return true;
                }

                var dash = tag.LastIndexOf('-');
                if (dash < 0)
                {
                    break;
                }

                tag = tag[..dash];
            }
        }

        return false;
    }
}
