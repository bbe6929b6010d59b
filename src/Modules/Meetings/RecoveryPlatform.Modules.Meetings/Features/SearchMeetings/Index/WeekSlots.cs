namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

/// <summary>
/// A set of entries ordered by time zone, then by their usual minute of the week (local), so that a
/// day filter or a time window reads only the stretch of each zone that can match: "starting within two
/// hours" looks at about one meeting in seventy instead of testing every meeting near the point.
/// </summary>
/// <remarks>
/// A meeting's usual slot is a weekday and a local start time, which every recurrence keeps (fortnightly
/// and monthly meetings only skip weeks), and cancellations only remove occurrences: so a meeting whose
/// slot lies outside a window cannot start in it. One-off changes can move an occurrence anywhere in its
/// day, so meetings with any are listed in <see cref="Irregular"/> as well, for windows to test them all.
/// </remarks>
internal sealed class WeekSlots
{
    private WeekSlots(int[] positions, short[] minutes, SearchKeys[]? keys, ZoneRun[] zones, int[] irregular)
    {
        Positions = positions;
        Minutes = minutes;
        Keys = keys;
        Zones = zones;
        Irregular = irregular;
    }

    /// <summary>Entry positions (name ranks) in slot order.</summary>
    public int[] Positions { get; }

    /// <summary>Each entry's usual minute of the week, in the same order.</summary>
    public short[] Minutes { get; }

    /// <summary>The entries' keys in the same order (grid cells keep a copy so a scan reads memory in order), or null to read them by position.</summary>
    public SearchKeys[]? Keys { get; }

    /// <summary>The stretches of one time zone each, in order.</summary>
    public ZoneRun[] Zones { get; }

    /// <summary>Indexes (into <see cref="Positions"/>) of the entries with one-off changes.</summary>
    public int[] Irregular { get; }

    public int Count => Positions.Length;

    /// <param name="positions">The entries, by position.</param>
    /// <param name="keysByPosition">Every entry's keys, by position.</param>
    /// <param name="copyKeys">Keep the entries' keys in slot order too (for small sets scanned often).</param>
    public static WeekSlots Of(IReadOnlyCollection<int> positions, SearchKeys[] keysByPosition, bool copyKeys)
    {
        var ordered = positions.ToArray();
        Array.Sort(ordered, new SlotOrder(keysByPosition));
        return FromOrdered(ordered, keysByPosition, copyKeys);
    }

    /// <summary>
    /// These entries after a compaction moved them (<paramref name="newPositionOf"/>: an old position's new
    /// one, or -1 for an entry gone), with <paramref name="added"/> (new positions) merged in. Positions
    /// move in the order they had, so the remaining entries stay in slot order and only the added ones
    /// are sorted: linear in the set's size, where <see cref="Of"/> sorts it all.
    /// </summary>
    public WeekSlots Moved(int[] newPositionOf, IReadOnlyCollection<int> added, SearchKeys[] keysByPosition)
    {
        var order = new SlotOrder(keysByPosition);
        var incoming = added.ToArray();
        Array.Sort(incoming, order);

        var ordered = MovedPositions.Merge(Positions, newPositionOf, incoming, order);
        if (ordered.Length == Positions.Length && incoming.Length == 0)
        {
            // The same entries in the same order (most grid cells, after a few hundred changes): only their
            // positions moved, so the rest is shared rather than made again.
            return new WeekSlots(ordered, Minutes, Keys, Zones, Irregular);
        }

        return FromOrdered(ordered, keysByPosition, Keys is not null);
    }

    private static WeekSlots FromOrdered(int[] ordered, SearchKeys[] keysByPosition, bool copyKeys)
    {
        var minutes = new short[ordered.Length];
        var zones = new List<ZoneRun>();
        var irregular = new List<int>();
        for (var i = 0; i < ordered.Length; i++)
        {
            ref readonly var keys = ref keysByPosition[ordered[i]];
            minutes[i] = keys.MinuteOfWeek;
            if (keys.HasChanges)
            {
                irregular.Add(i);
            }

            if (zones.Count == 0 || zones[^1].Zone != keys.ZoneNumber)
            {
                zones.Add(new ZoneRun(keys.ZoneNumber, i, i + 1));
            }
            else
            {
                zones[^1] = zones[^1] with { End = i + 1 };
            }
        }

        var copied = copyKeys ? Array.ConvertAll(ordered, p => keysByPosition[p]) : null;
        return new WeekSlots(ordered, minutes, copied, [.. zones], [.. irregular]);
    }

    /// <summary>The first index of <paramref name="zone"/>'s run whose minute of the week is at least <paramref name="minute"/>.</summary>
    public int IndexOfMinute(in ZoneRun zone, int minute)
    {
        var (low, high) = (zone.Start, zone.End);
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (Minutes[middle] < minute)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>Entries <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive) share one time zone.</summary>
    internal readonly record struct ZoneRun(short Zone, int Start, int End);

    /// <summary>Time zone, then minute of the week, then position: the order of <see cref="Positions"/>.</summary>
    private sealed class SlotOrder(SearchKeys[] keysByPosition) : IComparer<int>
    {
        public int Compare(int x, int y)
        {
            ref readonly var a = ref keysByPosition[x];
            ref readonly var b = ref keysByPosition[y];
            var byZone = a.ZoneNumber.CompareTo(b.ZoneNumber);
            if (byZone != 0)
            {
                return byZone;
            }

            var byMinute = a.MinuteOfWeek.CompareTo(b.MinuteOfWeek);
            return byMinute != 0 ? byMinute : x.CompareTo(y);
        }
    }
}
