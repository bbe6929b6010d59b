using System.Collections.Concurrent;
using System.Runtime.InteropServices;
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
    private const int MinutesPerDay = 24 * 60;

    private (double Latitude, double Longitude)? _point;
    private GreatCircle.Point _origin;
    private double _radiusKm;
    private double _radiusSquaredChord;
    private bool _hasKeyFilters;
    private bool _hasEntryFilters;
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
    private SortOrder _sort = SortOrder.Name;
    private SlotScan _slotScan;
    private bool _countsCellsWhole;
    private bool _needsEntry;

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
        // In seconds: the parameters may carry them (19:00:30), meeting start times do not.
        search._startsAfter = MeetingTimes.TryParse(request.StartsAfter, out var after) ? (int)(after.Ticks / TimeSpan.TicksPerSecond) : null;
        search._startsBefore = MeetingTimes.TryParse(request.StartsBefore, out var before) ? (int)(before.Ticks / TimeSpan.TicksPerSecond) : null;
        search._window = SearchMeetingsValidator.TryParseWindow(request.StartingWithin, out var window) && request.StartingWithin is not null ? window : null;
        search._text = string.IsNullOrWhiteSpace(request.Q) ? null : request.Q;
        search._updatedSince = request.UpdatedSince;
        if (search._point is { } origin)
        {
            search._origin = GreatCircle.UnitVector(origin.Latitude, origin.Longitude);
            search._radiusSquaredChord = GreatCircle.SquaredChordOfKm(search._radiusKm);
        }

        search._hasKeyFilters = search._dayMask != 0 || search._startsAfter is not null || search._startsBefore is not null || search._attendanceMask != 0
            || search._attributes != 0 || search._accessibility != 0;
        search._hasEntryFilters = search._organisations is not null || search._updatedSince is not null || search._formats.Length > 0 || search._languages is not null;
        search._sort = (request.Sort ?? (search._window is not null || search._inProgress ? "nextOccurrence" : search._point is not null ? "distance" : "name")) switch
        {
            "distance" => SortOrder.Distance,
            "nextOccurrence" => SortOrder.NextOccurrence,
            _ => SortOrder.Name,
        };

        // A window asks for instants, but in progress it depends on each meeting's length: only a plain
        // window reads week slots by time; any search for days reads them by day.
        search._slotScan = search._window is not null && !search._inProgress ? SlotScan.Window : search._dayMask != 0 ? SlotScan.Days : SlotScan.Everything;

        // Whether a match can be recognised from its keys alone, so a far cell inside the circle can be
        // counted without measuring each meeting (only when sorting by distance, where far cells cannot
        // reach the page).
        search._countsCellsWhole = search._sort == SortOrder.Distance && !search._hasEntryFilters && !search._inProgress && search._window is null;

        // Whether a base entry may have to be read while filtering, not just its keys.
        search._needsEntry = search._hasEntryFilters || search._inProgress || search._window is not null || search._sort == SortOrder.NextOccurrence;
        return search;
    }

    /// <summary>
    /// Runs the search: every candidate is tested once, in place, and only the best
    /// <paramref name="page"/> × <paramref name="pageSize"/> matches are kept (the rest are only counted),
    /// so a query that matches a third of the directory costs a scan, not a sort of a third of it.
    /// </summary>
    public (List<MeetingSearchResult> Page, int Total) Run(SearchSnapshot snapshot, int page, int pageSize)
    {
        var skip = (int)Math.Min((long)(page - 1) * pageSize, int.MaxValue);
        var keep = (int)Math.Min((long)page * pageSize, int.MaxValue);

        var text = _text is null ? null : snapshot.MatchingText(_text) ?? [];

        // Base entries arrive in name order when nothing but the text index or the whole list in name
        // order drives the scan; a name-sorted search then keeps the first matches and stops collecting.
        var arrivesInNameOrder = _point is null && snapshot.Overlay.Count == 0 && (text is not null || _slotScan == SlotScan.Everything);
        var hits = new HitCollector(keep, _sort == SortOrder.Name && arrivesInNameOrder);

        if (_point is { } point)
        {
            var box = GreatCircle.BoundingBox(point.Latitude, point.Longitude, _radiusKm);
            var textPositions = text is null ? PositionSet.None : PositionSet.Of(text, snapshot.ByName.Length);
            foreach (var cell in CellsNearestFirst(snapshot.CellsInBox(box), point))
            {
                // Sorted by distance, a cell wholly inside the circle that cannot hold a closer meeting
                // than the page already has only needs its matches counted, not measured.
                var countOnly = _countsCellsWhole && hits.IsFull && cell.NearestSquaredChord > hits.WorstPrimary
                    && GreatCircle.MaxSquaredChordTo(_origin, cell.Cell.Bounds) <= _radiusSquaredChord * (1 - 1e-9);
                Scan(snapshot, cell.Cell.Slots, text is not null, textPositions, null, hits, countOnly);
            }

            if (_includeOnline)
            {
                // Joinable meetings with a place in those cells were considered above already.
                Scan(snapshot, snapshot.Joinable, text is not null, textPositions, box, hits, countOnly: false);
            }
        }
        else if (text is not null && !_hasKeyFilters && !_needsEntry && snapshot.ShadowedPositions.IsEmpty)
        {
            // Words alone: every posting is a match, already in name order when that is the sort.
            hits.AddAll(text);
        }
        else if (text is not null)
        {
            foreach (var position in text)
            {
                ConsiderBase(snapshot, position, snapshot.Keys[position], hits);
            }
        }
        else if (_slotScan != SlotScan.Everything)
        {
            Scan(snapshot, snapshot.All, false, PositionSet.None, null, hits, countOnly: false);
        }
        else
        {
            var keys = snapshot.Keys;
            for (var position = 0; position < keys.Length; position++)
            {
                ConsiderBase(snapshot, position, keys[position], hits);
            }
        }

        // Meetings changed since the indexes were built are few: each is checked on its own.
        var queryWords = _text is null || snapshot.Overlay.Count == 0 ? [] : SearchSnapshot.QueryWords(_text);
        foreach (var entry in snapshot.Overlay.Values)
        {
            if (_text is null || SearchSnapshot.MatchesText(entry, queryWords))
            {
                Consider(entry.Keys, entry, snapshot, -1, snapshot.RankOf(entry), hits);
            }
        }

        var results = new List<MeetingSearchResult>(Math.Max(0, Math.Min(pageSize, hits.Count - skip)));
        foreach (var hit in hits.InOrder().Skip(skip))
        {
            var entry = hit.Entry ?? snapshot.ByName[hit.Position];
            var distanceKm = double.IsNaN(hit.SquaredChord) ? (double?)null : GreatCircle.KmOfSquaredChord(hit.SquaredChord);
            results.Add(ToResult(entry, distanceKm, hit.Occurrence ?? NextOccurrence(entry, hit.Entry is null ? snapshot.Keys[hit.Position] : entry.Keys)));
        }

        return (results, hits.Count);
    }

    /// <summary>
    /// Considers the entries of <paramref name="slots"/> that can match: with a day or window filter only
    /// the stretches of each zone's slots it allows (and, for a window, the meetings with one-off changes).
    /// With <paramref name="countOnly"/> (never for a window) matches are counted from their keys alone.
    /// </summary>
    private void Scan(SearchSnapshot snapshot, WeekSlots slots, bool hasText, PositionSet textPositions, GreatCircle.Box? outside, HitCollector hits, bool countOnly)
    {
        _stretches.Clear();
        AddStretches(slots, _stretches);
        foreach (var (from, to, skipIrregular) in _stretches)
        {
            if (countOnly)
            {
                CountStretch(snapshot, slots, from, to, hasText, textPositions, hits);
            }
            else
            {
                ScanStretch(snapshot, slots, from, to, skipIrregular, hasText, textPositions, outside, hits);
            }
        }
    }

    private readonly List<(int From, int To, bool SkipIrregular)> _stretches = [];

    /// <summary>The stretches of <paramref name="slots"/> a search must read: all of it, its days, or its window in each zone.</summary>
    private void AddStretches(WeekSlots slots, List<(int From, int To, bool SkipIrregular)> stretches)
    {
        if (_slotScan == SlotScan.Everything)
        {
            stretches.Add((0, slots.Count, false));
            return;
        }

        foreach (var zone in slots.Zones)
        {
            if (_slotScan == SlotScan.Days)
            {
                for (var day = 0; day < 7; day++)
                {
                    if ((_dayMask & (1 << day)) != 0)
                    {
                        stretches.Add((slots.IndexOfMinute(zone, day * MinutesPerDay), slots.IndexOfMinute(zone, (day + 1) * MinutesPerDay), false));
                    }
                }

                continue;
            }

            // Meetings with one-off changes are read once, below, whatever their usual slot.
            var window = LocalWindow(zone.Zone, -1);
            if (window.WholeWeek)
            {
                stretches.Add((zone.Start, zone.End, true));
            }
            else if (window.From <= window.To)
            {
                stretches.Add((slots.IndexOfMinute(zone, window.From), slots.IndexOfMinute(zone, window.To + 1), true));
            }
            else
            {
                // The window wraps past Saturday night.
                stretches.Add((slots.IndexOfMinute(zone, window.From), zone.End, true));
                stretches.Add((zone.Start, slots.IndexOfMinute(zone, window.To + 1), true));
            }
        }

        if (_slotScan == SlotScan.Window)
        {
            foreach (var index in slots.Irregular)
            {
                stretches.Add((index, index + 1, false));
            }
        }
    }

    private void ScanStretch(SearchSnapshot snapshot, WeekSlots slots, int from, int to, bool skipIrregular, bool hasText, PositionSet textPositions, GreatCircle.Box? outside, HitCollector hits)
    {
        var positions = slots.Positions;
        var slotKeys = slots.Keys;
        for (var i = from; i < to; i++)
        {
            var position = positions[i];
            ref readonly var keys = ref slotKeys is not null ? ref slotKeys[i] : ref snapshot.Keys[position];
            if ((skipIrregular && keys.HasChanges) || (hasText && !textPositions.Contains(position))
                || (outside is { } box && SearchSnapshot.IsInBoxCells(snapshot.ByName[position], box)))
            {
                continue;
            }

            ConsiderBase(snapshot, position, keys, hits);
        }
    }

    /// <summary>Counts the matches of a stretch wholly inside the circle whose meetings cannot reach the page.</summary>
    private void CountStretch(SearchSnapshot snapshot, WeekSlots slots, int from, int to, bool hasText, PositionSet textPositions, HitCollector hits)
    {
        var positions = slots.Positions;
        var slotKeys = slots.Keys!;
        var shadowed = snapshot.ShadowedPositions;
        for (var i = from; i < to; i++)
        {
            var position = positions[i];
            if ((!hasText || textPositions.Contains(position)) && !shadowed.Contains(position) && (!_hasKeyFilters || PassesKeyFilters(slotKeys[i])))
            {
                hits.CountUnkept();
            }
        }
    }

    /// <summary>The cells, nearest first when sorting by distance (so the page fills with near meetings early), each with a lower bound of its distance.</summary>
    private List<(SearchSnapshot.GridCell Cell, double NearestSquaredChord)> CellsNearestFirst(List<SearchSnapshot.GridCell> cells, (double Latitude, double Longitude) point)
    {
        var measured = new List<(SearchSnapshot.GridCell Cell, double NearestSquaredChord)>(cells.Count);
        foreach (var cell in cells)
        {
            measured.Add((cell, _sort == SortOrder.Distance ? GreatCircle.MinSquaredChordTo(point.Latitude, point.Longitude, cell.Bounds) : 0));
        }

        if (_sort == SortOrder.Distance)
        {
            measured.Sort((x, y) => x.NearestSquaredChord.CompareTo(y.NearestSquaredChord));
        }

        return measured;
    }

    private void ConsiderBase(SearchSnapshot snapshot, int position, in SearchKeys keys, HitCollector hits)
    {
        if (!snapshot.ShadowedPositions.Contains(position))
        {
            Consider(keys, null, snapshot, position, position, hits);
        }
    }

    /// <summary>
    /// Tests one meeting against every filter, cheapest first, and hands a match to the collector.
    /// A base entry (<paramref name="entry"/> null) is only read from <paramref name="snapshot"/> once its
    /// keys have passed, and only where a filter, the engine or the sort needs more than its keys.
    /// </summary>
    private void Consider(in SearchKeys keys, SearchEntry? entry, SearchSnapshot snapshot, int position, double rank, HitCollector hits)
    {
        if (_hasKeyFilters && !PassesKeyFilters(keys))
        {
            return;
        }

        var squaredChord = double.NaN;
        if (_point is not null)
        {
            if (keys.HasPlace)
            {
                squaredChord = GreatCircle.SquaredChord(keys.Place, _origin);
            }

            if (!(squaredChord <= _radiusSquaredChord))
            {
                if (!_includeOnline || keys.IsInPerson)
                {
                    return;
                }

                squaredChord = double.NaN;
            }
        }

        var slots = _inProgress || _window is not null ? LocalWindow(keys.ZoneNumber, _inProgress ? keys.DurationMinutes : -1) : default;
        if ((_inProgress || _window is not null) && !MaySlotFit(keys, slots))
        {
            return;
        }

        SearchEntry Entry() => entry ??= snapshot.ByName[position];
        if (_hasEntryFilters && !PassesEntryFilters(Entry()))
        {
            return;
        }

        Occurrence? occurrence = null;
        if (_inProgress)
        {
            occurrence = Entry().Schedule.OccurrenceInProgress(_at);
            if (occurrence is null)
            {
                return;
            }
        }

        long? startTicks = null;
        if (_window is { } window)
        {
            if (!_inProgress && !keys.HasChanges && slots.FixedOffset is { } offset)
            {
                // Away from clock changes, a meeting without one-off changes can only start in the window
                // at its slot, at a fixed offset: the first slot at or after the instant, as the window (under
                // a week) holds no other. The engine then only runs for meetings it alone can place.
                var (slot, start) = FirstSlotFrom(keys.MinuteOfWeek, offset);
                if (start - _at >= window || !(keys.IsPlainWeekly || MeetsOn(Entry(), DateOnly.FromDateTime(slot))))
                {
                    return;
                }

                startTicks = start.UtcTicks;
            }
            else
            {
                var starting = Entry().Schedule.StartsWithin(_at, window);
                if (starting is null)
                {
                    return;
                }

                occurrence ??= starting;
            }
        }

        var primary = _sort switch
        {
            SortOrder.Distance => double.IsNaN(squaredChord) ? double.PositiveInfinity : squaredChord,
            SortOrder.NextOccurrence => startTicks ?? ((occurrence ??= NextOccurrence(Entry(), keys)) is { } next ? next.StartUtc.UtcTicks : double.PositiveInfinity),
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
    private Occurrence? NextOccurrence(SearchEntry entry, in SearchKeys keys)
    {
        if (!keys.HasChanges && WeekOffset(keys.ZoneNumber) is { } offset)
        {
            // A meeting without one-off changes only ever meets at its slot; when its zone keeps one offset
            // all week and it meets on the next slot's date (always, for a plain weekly meeting), that
            // is the occurrence, by plain arithmetic and as the engine would build it.
            var (slot, start) = FirstSlotFrom(keys.MinuteOfWeek, offset);
            var date = DateOnly.FromDateTime(slot);
            if (keys.IsPlainWeekly || MeetsOn(entry, date))
            {
                return new Occurrence(date, slot, start, start.AddMinutes(entry.DurationMinutes), offset, IsChanged: false, VenueIdOverride: null);
            }
        }

        return entry.Schedule.NextOccurrence(_at);
    }

    /// <summary>A weekly slot's first time at or after the search's instant, at a fixed offset: its local time and its instant.</summary>
    private (DateTime Local, DateTimeOffset Start) FirstSlotFrom(int minuteOfWeek, TimeSpan offset)
    {
        var localAt = DateTime.SpecifyKind(_at.UtcDateTime + offset, DateTimeKind.Unspecified);
        var slot = localAt.Date.AddDays(-(int)localAt.DayOfWeek).AddMinutes(minuteOfWeek);
        if (slot < localAt)
        {
            slot = slot.AddDays(7);
        }

        return (slot, new DateTimeOffset(slot - offset, TimeSpan.Zero));
    }

    /// <summary>
    /// Whether a meeting without one-off changes meets on <paramref name="date"/>: its recurrence falls
    /// then, within its validity, and that date is not cancelled.
    /// </summary>
    private static bool MeetsOn(SearchEntry entry, DateOnly date)
    {
        var definition = entry.Schedule.Definition;
        if (!definition.Recurrence.OccursOn(date) || definition.ValidFrom > date || definition.ValidUntil < date)
        {
            return false;
        }

        foreach (var exception in definition.Overrides)
        {
            if (exception.Date == date)
            {
                // Only cancellations: a meeting with changes never comes here.
                return false;
            }
        }

        return true;
    }

    /// <summary>The zone's UTC offset when it holds from two days before the search's instant to nine days after; else null.</summary>
    /// <remarks>Like the window's slack, this assumes no zone changes its clocks twice within those eleven days, which none does.</remarks>
    private TimeSpan? WeekOffset(short zoneNumber)
    {
        if (!_weekOffsets.TryGetValue(zoneNumber, out var offset))
        {
            var zone = SearchZones.ZoneOf(zoneNumber);
            var (before, after) = (zone.GetUtcOffset(_at.AddDays(-2)), zone.GetUtcOffset(_at.AddDays(9)));
            _weekOffsets[zoneNumber] = offset = before == after ? before : null;
        }

        return offset;
    }

    private readonly Dictionary<short, TimeSpan?> _weekOffsets = [];

    /// <summary>
    /// A cheap, conservative test before the schedule engine: can the meeting's usual weekly slot (its
    /// weekday and local start) fall in the searched window at all? Near a clock change the window is
    /// widened each side by the size of the change, so a change never excludes a real occurrence.
    /// Meetings with one-off changes always go to the engine. Cancellations only remove occurrences,
    /// so they cannot make a slot fit that does not.
    /// </summary>
    private static bool MaySlotFit(in SearchKeys entry, in WeekWindow slots) => entry.HasChanges || slots.Contains(entry.MinuteOfWeek);

    /// <summary>A stretch of the local week, in minutes from Sunday 00:00, that may wrap past Saturday night.</summary>
    /// <remarks>
    /// <see cref="FixedOffset"/> is the zone's offset when it does not change anywhere near a window of
    /// less than a week; then a slot in the window is at a known instant.
    /// </remarks>
    private readonly record struct WeekWindow(bool WholeWeek, int From, int To, TimeSpan? FixedOffset)
    {
        /// <summary>Whole minutes, so a slot at the minute a bound falls in counts: the test stays conservative.</summary>
        public static WeekWindow Of(DateTime from, DateTime to, TimeSpan? fixedOffset) =>
            to - from >= TimeSpan.FromDays(7)
                ? new(true, 0, 0, null)
                : new(false, MinuteOfWeek(from), MinuteOfWeek(to), fixedOffset);

        public bool Contains(int minuteOfWeek) =>
            WholeWeek || (From <= To ? minuteOfWeek >= From && minuteOfWeek <= To : minuteOfWeek >= From || minuteOfWeek <= To);

        private static int MinuteOfWeek(DateTime time) => ((int)time.DayOfWeek * MinutesPerDay) + (time.Hour * 60) + time.Minute;
    }

    /// <summary>The week slots this search's window covers in one zone (the same for every meeting there but for in-progress searches).</summary>
    /// <param name="zoneNumber">The zone, as <see cref="SearchZones"/> numbers it.</param>
    /// <param name="durationMinutes">In progress: the meeting's length; else -1.</param>
    private WeekWindow LocalWindow(short zoneNumber, int durationMinutes)
    {
        var key = (zoneNumber, durationMinutes);

        // Nearly every meeting shares one zone: skip the hashing when it is the last one asked about.
        if (key == _lastWindowKey)
        {
            return _lastWindow;
        }

        if (!_localWindows.TryGetValue(key, out var window))
        {
            var (from, to, fixedOffset) = ComputeLocalWindow(zoneNumber, durationMinutes);
            window = WeekWindow.Of(from, to, fixedOffset);
            _localWindows[key] = window;
        }

        (_lastWindowKey, _lastWindow) = (key, window);
        return window;
    }

    private (short ZoneNumber, int Duration) _lastWindowKey = (-1, -1);
    private WeekWindow _lastWindow;

    private (DateTime From, DateTime To, TimeSpan? FixedOffset) ComputeLocalWindow(short zoneNumber, int durationMinutes)
    {
        var zone = SearchZones.ZoneOf(zoneNumber);

        // Widened by the size of any clock change near the window (usually none, so no widening: the
        // engine then only sees meetings that really start in it). Assumes no zone changes its clocks
        // twice within the nine days examined, which none does.
        var before = _at.AddDays(-2);
        var after = _at + (_window ?? TimeSpan.Zero) + TimeSpan.FromDays(2);
        var (offsetBefore, offsetAfter) = (zone.GetUtcOffset(before), zone.GetUtcOffset(after));
        var slack = (offsetAfter - offsetBefore).Duration();
        var localAt = TimeZoneInfo.ConvertTime(_at, zone).DateTime;
        // In progress: started at most a meeting's length before; starting within: up to the window after.
        var from = localAt - (_inProgress ? TimeSpan.FromMinutes(durationMinutes) : TimeSpan.Zero) - slack;
        var to = localAt + (_window ?? TimeSpan.Zero) + slack;
        return (from, to, slack == TimeSpan.Zero ? offsetBefore : null);
    }

    private readonly Dictionary<(short ZoneNumber, int Duration), WeekWindow> _localWindows = [];

    private bool PassesKeyFilters(in SearchKeys keys) =>
        (_dayMask == 0 || (_dayMask & keys.DayBit) != 0)
        && (_startsAfter is null || keys.LocalStartMinutes * 60 >= _startsAfter)
        && (_startsBefore is null || keys.LocalStartMinutes * 60 < _startsBefore)
        && (_attendanceMask == 0 || (_attendanceMask & keys.AttendanceBit) != 0)
        && SharedAttributes.HasAll(keys.AttributesMask, _attributes)
        && (_accessibility == 0 || (keys.AccessibilityMask & _accessibility) == _accessibility);

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

        foreach (var language in entry.Languages)
        {
            if (_languages.Contains(language))
            {
                return true;
            }
        }

        return false;
    }

    private static MeetingSearchResult ToResult(SearchEntry entry, double? distanceKm, Occurrence? next) => new(
        entry.Id,
        entry.Name,
        entry.OrganisationRef,
        entry.GroupRef,
        entry.Attendance,
        entry.VenueRef,
        entry.Attendance == Attendance.InPerson ? null : new OnlineRef(entry.OnlineUrl, entry.OnlinePhone),
        entry.ScheduleSummary,
        entry.Formats,
        AttributesOf(entry.AttributesMask),
        entry.Languages,
        distanceKm is { } km ? Math.Round(km, 2) : null,
        next is null ? null : OccurrenceResponse.From(next))
    {
        Source = entry,
    };

    // Few distinct masks exist (one per combination of formats in use), and results are read-only.
    private static readonly ConcurrentDictionary<long, SharedAttribute[]> AttributeLists = new();

    private static SharedAttribute[] AttributesOf(long mask) =>
        AttributeLists.GetOrAdd(mask, m => [.. SharedAttributes.FromMask(m).Order()]);

    private enum SortOrder
    {
        Name,
        Distance,
        NextOccurrence,
    }

    /// <summary>How a scan reads week slots: all of them, only the days asked for, or only the window's.</summary>
    private enum SlotScan
    {
        Everything,
        Days,
        Window,
    }

    /// <summary>A match: its sort key (distance, next start or name rank), its name rank to break ties, and what the result shows.</summary>
    /// <remarks>Base entries are found again by <see cref="Position"/>; only overlay entries (position -1) carry themselves.</remarks>
    private readonly record struct Hit(SearchEntry? Entry, int Position, double Primary, double Rank, double SquaredChord, Occurrence? Occurrence);

    /// <summary>
    /// Counts every match and keeps the best <c>keep</c> of them in a bounded max-heap, so memory and
    /// time follow the page asked for, not the number of matches. When matches arrive already in order
    /// it just keeps the first ones.
    /// </summary>
    private sealed class HitCollector
    {
        private readonly int _keep;
        private readonly bool _arrivesInOrder;

        // The kept hits, and a heap of indexes into them, worst first: heap moves then copy two ints,
        // not two hits (which hold references, so each copy would go through the GC's write barrier).
        private readonly List<Hit> _kept = [];
        private readonly PriorityQueue<int, int> _best;

        public HitCollector(int keep, bool arrivesInOrder)
        {
            (_keep, _arrivesInOrder) = (keep, arrivesInOrder);
            _best = new PriorityQueue<int, int>(Comparer<int>.Create((x, y) => Compare(Kept(y), Kept(x))));
        }

        public int Count { get; private set; }

        /// <summary>True when the collector keeps hits by rank and holds as many as it keeps: a new hit must beat the worst.</summary>
        public bool IsFull => !_arrivesInOrder && _best.Count == _keep;

        /// <summary>The sort key of the worst kept hit (when <see cref="IsFull"/>; with nothing to keep, any key is too late).</summary>
        public double WorstPrimary => _keep == 0 ? double.NegativeInfinity : Kept(_best.Peek()).Primary;

        /// <summary>Counts a match that cannot be kept.</summary>
        public void CountUnkept() => Count++;

        public void Add(Hit hit)
        {
            Count++;
            if (_arrivesInOrder)
            {
                if (_kept.Count < _keep)
                {
                    _kept.Add(hit);
                }
            }
            else if (_best.Count < _keep)
            {
                _kept.Add(hit);
                _best.Enqueue(_kept.Count - 1, _kept.Count - 1);
            }
            else if (_keep > 0 && Compare(hit, Kept(_best.Peek())) < 0)
            {
                // The worst kept hit leaves and its slot takes the new one, so the kept list never outgrows
                // the page. (Not DequeueEnqueue: it would compare the slot with itself and leave it on top.)
                var slot = _best.Dequeue();
                _kept[slot] = hit;
                _best.Enqueue(slot, slot);
            }
        }

        /// <summary>Adds base entries that match as they are, with no distance or occurrence.</summary>
        public void AddAll(int[] positions)
        {
            if (!_arrivesInOrder)
            {
                foreach (var position in positions)
                {
                    Add(new Hit(null, position, position, position, double.NaN, null));
                }

                return;
            }

            Count += positions.Length;
            for (var i = 0; i < positions.Length && _kept.Count < _keep; i++)
            {
                _kept.Add(new Hit(null, positions[i], positions[i], positions[i], double.NaN, null));
            }
        }

        public IEnumerable<Hit> InOrder()
        {
            if (_arrivesInOrder)
            {
                return _kept;
            }

            var best = new Hit[_best.Count];
            for (var i = best.Length - 1; i >= 0; i--)
            {
                best[i] = Kept(_best.Dequeue());
            }

            return best;
        }

        private ref readonly Hit Kept(int index) => ref CollectionsMarshal.AsSpan(_kept)[index];

        private static int Compare(in Hit x, in Hit y)
        {
            var byPrimary = x.Primary.CompareTo(y.Primary);
            if (byPrimary != 0)
            {
                return byPrimary;
            }

            var byRank = x.Rank.CompareTo(y.Rank);

            // Equal ranks only happen between overlay entries, which carry themselves.
            return byRank != 0 ? byRank : SearchSnapshot.NameOrder.Instance.Compare(x.Entry, y.Entry);
        }
    }
}
