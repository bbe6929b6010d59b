using RecoveryPlatform.Modules.Meetings.Domain.Scheduling;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;

/// <summary>
/// Which meetings a search considers, and in what order: the smallest candidate set an index of the
/// snapshot can give (grid cells near a point, nearest first; text matches; the stretches of week slots a
/// day or window allows), then the meetings changed since the snapshot's indexes were built. Each
/// candidate goes to <see cref="SearchPlan.Consider"/> once.
/// </summary>
internal sealed class CandidateScan(SearchPlan plan, SearchSnapshot snapshot, HitCollector hits)
{
    private readonly List<(int From, int To, bool SkipIrregular)> _stretches = [];

    /// <summary>
    /// Whether base entries arrive in name order: nothing but the text index or the whole list in name order
    /// drives the scan. Overlay entries come after them, out of order; the collector merges those few in.
    /// </summary>
    public static bool ArrivesInNameOrder(SearchPlan plan, int[]? text) =>
        plan.Point is null && (text is not null || plan.SlotScan == SlotScan.Everything);

    /// <param name="text">The base positions whose words match the search's text, in name order; null without text.</param>
    public void Run(int[]? text)
    {
        if (plan.Point is { } point)
        {
            var box = GreatCircle.BoundingBox(point.Latitude, point.Longitude, plan.RadiusKm);
            var textPositions = text is null ? PositionSet.None : PositionSet.Of(text, snapshot.ByName.Length);
            foreach (var cell in CellsNearestFirst(snapshot.CellsInBox(box), point))
            {
                // Sorted by distance, a cell wholly inside the circle that cannot hold a closer meeting
                // than the page already has only needs its matches counted, not measured.
                var countOnly = plan.CountsCellsWhole && hits.IsFull && cell.NearestSquaredChord > hits.WorstPrimary
                    && GreatCircle.MaxSquaredChordTo(plan.Origin, cell.Cell.Bounds) <= plan.RadiusSquaredChord * (1 - 1e-9);
                Scan(cell.Cell.Slots, text is not null, textPositions, null, countOnly);
            }

            if (plan.IncludeOnline)
            {
                // Joinable meetings with a place in those cells were considered above already. The rest have
                // no distance here and sort after every meeting with one: once the page is full of those, they
                // are only counted (a country's online meetings, a quarter of a large directory, are not measured).
                var countOnly = plan.CountsCellsWhole && hits.IsFull && !double.IsPositiveInfinity(hits.WorstPrimary);
                Scan(snapshot.Joinable, text is not null, textPositions, box, countOnly);
            }
        }
        else if (text is not null && !plan.HasKeyFilters && !plan.NeedsEntry)
        {
            // Words alone: every posting that is not shadowed is a match, already in name order when that is the sort.
            hits.AddAll(text, snapshot.ShadowedPositions, snapshot.ShadowedInOrder);
        }
        else if (text is not null)
        {
            foreach (var position in text)
            {
                ConsiderBase(position, snapshot.Keys[position]);
            }
        }
        else if (plan.SlotScan != SlotScan.Everything)
        {
            Scan(snapshot.All, false, PositionSet.None, null, countOnly: false);
        }
        else
        {
            var keys = snapshot.Keys;
            for (var position = 0; position < keys.Length; position++)
            {
                ConsiderBase(position, keys[position]);
            }
        }

        // Meetings changed since the indexes were built are few: each is checked on its own.
        foreach (var (entry, rank, keys) in snapshot.RankedOverlay)
        {
            plan.ConsiderUnindexed(keys, entry, snapshot, rank, hits);
        }
    }

    /// <summary>
    /// Considers the entries of <paramref name="slots"/> that can match: with a day or window filter only
    /// the stretches of each zone's slots it allows (and, for a window, the meetings with one-off changes).
    /// With <paramref name="countOnly"/> (never for a window, nor with filters only an entry can answer) matches are counted from their keys alone.
    /// </summary>
    private void Scan(WeekSlots slots, bool hasText, PositionSet textPositions, GreatCircle.Box? outside, bool countOnly)
    {
        _stretches.Clear();
        AddStretches(slots);
        foreach (var (from, to, skipIrregular) in _stretches)
        {
            if (countOnly)
            {
                CountStretch(slots, from, to, hasText, textPositions, outside);
            }
            else
            {
                ScanStretch(slots, from, to, skipIrregular, hasText, textPositions, outside);
            }
        }
    }

    /// <summary>The stretches of <paramref name="slots"/> a search must read: all of it, its days, or its window in each zone.</summary>
    private void AddStretches(WeekSlots slots)
    {
        if (plan.SlotScan == SlotScan.Everything)
        {
            _stretches.Add((0, slots.Count, false));
            return;
        }

        foreach (var zone in slots.Zones)
        {
            if (plan.SlotScan == SlotScan.Days)
            {
                for (var day = 0; day < 7; day++)
                {
                    if ((plan.DayMask & (1 << day)) != 0)
                    {
                        _stretches.Add((slots.IndexOfMinute(zone, day * SlotArithmetic.MinutesPerDay), slots.IndexOfMinute(zone, (day + 1) * SlotArithmetic.MinutesPerDay), false));
                    }
                }

                continue;
            }

            // Meetings with one-off changes are read once, below, whatever their usual slot.
            var window = plan.LocalWindow(zone.Zone, -1);
            if (window.WholeWeek)
            {
                _stretches.Add((zone.Start, zone.End, true));
            }
            else if (window.From <= window.To)
            {
                _stretches.Add((slots.IndexOfMinute(zone, window.From), slots.IndexOfMinute(zone, window.To + 1), true));
            }
            else
            {
                // The window wraps past Saturday night.
                _stretches.Add((slots.IndexOfMinute(zone, window.From), zone.End, true));
                _stretches.Add((zone.Start, slots.IndexOfMinute(zone, window.To + 1), true));
            }
        }

        if (plan.SlotScan == SlotScan.Window)
        {
            foreach (var index in slots.Irregular)
            {
                _stretches.Add((index, index + 1, false));
            }
        }
    }

    private void ScanStretch(WeekSlots slots, int from, int to, bool skipIrregular, bool hasText, PositionSet textPositions, GreatCircle.Box? outside)
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

            ConsiderBase(position, keys);
        }
    }

    /// <summary>
    /// Counts the matches of a stretch that cannot reach the page: a cell wholly inside the circle, or the
    /// joinable meetings (then <paramref name="outside"/> is the box whose cells were scanned already).
    /// </summary>
    private void CountStretch(WeekSlots slots, int from, int to, bool hasText, PositionSet textPositions, GreatCircle.Box? outside)
    {
        var positions = slots.Positions;
        var slotKeys = slots.Keys;
        var shadowed = snapshot.ShadowedPositions;
        for (var i = from; i < to; i++)
        {
            var position = positions[i];
            ref readonly var keys = ref slotKeys is not null ? ref slotKeys[i] : ref snapshot.Keys[position];
            if ((!hasText || textPositions.Contains(position)) && !shadowed.Contains(position)
                && !(outside is { } box && keys.HasPlace && SearchSnapshot.IsInBoxCells(snapshot.ByName[position], box))
                && (!plan.HasKeyFilters || plan.PassesKeyFilters(keys)))
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
            measured.Add((cell, plan.Sort == SearchSort.Distance ? GreatCircle.MinSquaredChordTo(point.Latitude, point.Longitude, cell.Bounds) : 0));
        }

        if (plan.Sort == SearchSort.Distance)
        {
            measured.Sort((x, y) => x.NearestSquaredChord.CompareTo(y.NearestSquaredChord));
        }

        return measured;
    }

    /// <summary>A base entry is considered unless an overlay entry has replaced or removed it.</summary>
    private void ConsiderBase(int position, in SearchKeys keys)
    {
        if (!snapshot.ShadowedPositions.Contains(position))
        {
            plan.Consider(keys, null, snapshot, position, position, hits);
        }
    }
}
