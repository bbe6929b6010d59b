using System.Collections.Frozen;
using System.Runtime.InteropServices;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

/// <summary>
/// An immutable view of every public meeting, with the indexes searches start from: a grid of
/// 0.1° cells for "near here", word prefixes for text, and week slots (<see cref="WeekSlots"/>) for
/// days and time windows. Building the indexes costs O(n log n), so a change does not rebuild them:
/// it adds a small overlay (the changed meetings, and the base entries they shadow) that searches
/// consult beside the indexes, until <see cref="Compact"/> folds it in.
/// Searches in flight keep the snapshot they started with.
/// </summary>
/// <remarks>
/// Entries sit in name order, and an entry's position there is its name rank: the text index holds
/// positions in ascending order, so a name-sorted search of words never sorts. Grid cells are week
/// slots that carry their entries' <see cref="SearchKeys"/> in their own order, so filtering reads
/// memory sequentially.
/// </remarks>
internal sealed class SearchSnapshot
{
    public const double CellDegrees = 0.1;

    /// <summary>The overlay limit of a directory of up to 256,000 meetings (<see cref="OverlayLimitFor"/>).</summary>
    public const int SmallestOverlayLimit = 256;

    /// <summary>The overlay limit of the largest directories (<see cref="OverlayLimitFor"/>).</summary>
    public const int LargestOverlayLimit = 4_096;

    /// <summary>
    /// How many of the latest changes a snapshot remembers (<see cref="RecentChanges"/>): enough that a search's
    /// stored answer outlives about this many edits elsewhere, few enough that checking them all is cheap.
    /// </summary>
    public const int HistoryLimit = 1_024;

    public static readonly SearchSnapshot Empty = new([]);

    private static readonly FrozenSet<Guid> NoneShadowed = FrozenSet<Guid>.Empty;

    private static readonly FrozenDictionary<Guid, SearchEntry> NoOverlay = FrozenDictionary<Guid, SearchEntry>.Empty;

    private static long s_lastGeneration;

    private readonly FrozenDictionary<long, WeekSlots> _grid;
    private readonly Dictionary<Guid, SearchEntry> _entriesById;
    private readonly string[] _tokens;
    private readonly int[][] _postings;

    /// <summary>Builds every index from the entries; its independent parts run in parallel (a whole directory's load waits for this).</summary>
    public SearchSnapshot(IEnumerable<SearchEntry> entries)
        : this(Build(SortedByName(entries)))
    {
    }

    /// <summary>A snapshot with no overlay, from indexes already built: its history is <paramref name="sameContentAs"/>'s, else it starts here.</summary>
    private SearchSnapshot(Indexes indexes, SearchSnapshot? sameContentAs = null)
    {
        (HistoryStart, RecentChanges, _changeLog) = sameContentAs?.History ?? (Generation, ReadOnlyMemory<SearchChange>.Empty, null);
        MadeAt = sameContentAs?.MadeAt ?? DateTimeOffset.UtcNow;
        ByName = indexes.ByName;
        Keys = indexes.Keys;
        _entriesById = indexes.EntriesById;
        Joinable = indexes.Joinable;
        All = indexes.All;
        _grid = indexes.Grid;
        _tokens = indexes.Tokens;
        _postings = indexes.Postings;
    }

    private static Indexes Build(SearchEntry[] byName)
    {
        var keys = new SearchKeys[byName.Length];
        Parallel.For(0, SlicesOf(byName.Length), slice =>
        {
            var (from, to) = Slice(slice, byName.Length);
            for (var position = from; position < to; position++)
            {
                keys[position] = new SearchKeys(byName[position]);
            }
        });

        // Computation only (no waiting on I/O), so blocking for the parts built beside this thread is safe.
        var entriesById = Task.Run(() => byName.ToDictionary(e => e.Id));
        var places = Task.Run(() => PlaceAndSlotIndexes(byName, keys));
        var text = TextIndex(byName);
        Task.WaitAll(entriesById, places);

        return new Indexes(byName, keys, entriesById.Result, places.Result.Joinable, places.Result.All, places.Result.Grid, text.Tokens, text.Postings);
    }

    /// <summary>Everything a snapshot without an overlay is made of.</summary>
    private sealed record Indexes(
        SearchEntry[] ByName, SearchKeys[] Keys, Dictionary<Guid, SearchEntry> EntriesById, WeekSlots Joinable, WeekSlots All, FrozenDictionary<long, WeekSlots> Grid,
        string[] Tokens, int[][] Postings);

    /// <summary>Entries by <see cref="NameOrder"/>: halves sorted at the same time, then merged.</summary>
    private static SearchEntry[] SortedByName(IEnumerable<SearchEntry> entries)
    {
        var unsorted = entries.ToArray();
        var middle = unsorted.Length / 2;
        Parallel.Invoke(
            () => Array.Sort(unsorted, 0, middle, NameOrder.Instance),
            () => Array.Sort(unsorted, middle, unsorted.Length - middle, NameOrder.Instance));

        var sorted = new SearchEntry[unsorted.Length];
        int left = 0, right = middle;
        for (var i = 0; i < sorted.Length; i++)
        {
            sorted[i] = right == unsorted.Length || (left < middle && NameOrder.Instance.Compare(unsorted[left], unsorted[right]) < 0)
                ? unsorted[left++]
                : unsorted[right++];
        }

        return sorted;
    }

    private static (WeekSlots Joinable, WeekSlots All, FrozenDictionary<long, WeekSlots> Grid) PlaceAndSlotIndexes(SearchEntry[] byName, SearchKeys[] keys)
    {
        var joinable = new List<int>();
        var grid = new Dictionary<long, List<int>>();
        for (var position = 0; position < byName.Length; position++)
        {
            var entry = byName[position];
            if (entry.Attendance != Domain.Attendance.InPerson)
            {
                joinable.Add(position);
            }

            if (entry.Latitude is { } latitude && entry.Longitude is { } longitude)
            {
                (CollectionsMarshal.GetValueRefOrAddDefault(grid, CellKey(latitude, longitude), out _) ??= []).Add(position);
            }
        }

        return (
            WeekSlots.Of(joinable, keys, copyKeys: false),
            WeekSlots.Of(Enumerable.Range(0, byName.Length).ToArray(), keys, copyKeys: false),
            grid.ToFrozenDictionary(c => c.Key, c => WeekSlots.Of(c.Value, keys, copyKeys: true)));
    }

    /// <summary>
    /// Each word's positions, ascending. Slices of the name order are split into words at the same time; a
    /// word's positions from each slice, taken in slice order, are already ascending.
    /// </summary>
    private static (string[] Tokens, int[][] Postings) TextIndex(SearchEntry[] byName)
    {
        var slices = new Dictionary<string, List<int>>[SlicesOf(byName.Length)];
        Parallel.For(0, slices.Length, slice =>
        {
            var words = new WordPositions();
            var (from, to) = Slice(slice, byName.Length);
            for (var position = from; position < to; position++)
            {
                words.Add(byName[position], position);
            }

            slices[slice] = words.Positions;
        });

        var tokens = slices.SelectMany(slice => slice.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var lists = new int[tokens.Length][];
        Parallel.For(0, tokens.Length, i =>
        {
            var merged = new List<int>();
            foreach (var slice in slices)
            {
                if (slice.TryGetValue(tokens[i], out var positions))
                {
                    merged.AddRange(positions);
                }
            }

            lists[i] = [.. merged];
        });

        return (tokens, lists);
    }

    /// <summary>Slices of work for building in parallel: a few per processor, so one slow slice does not hold the rest up.</summary>
    private static int SlicesOf(int count) => count < 1_000 ? 1 : Environment.ProcessorCount * 4;

    /// <summary>Slice <paramref name="slice"/> of <see cref="SlicesOf"/> over positions 0 to <paramref name="count"/>.</summary>
    private static (int From, int To) Slice(int slice, int count)
    {
        var slices = SlicesOf(count);
        return ((int)((long)count * slice / slices), (int)((long)count * (slice + 1) / slices));
    }

    private SearchSnapshot(
        SearchSnapshot basis,
        IReadOnlyDictionary<Guid, SearchEntry> overlay,
        IReadOnlySet<Guid> shadowed,
        List<int> newlyShadowed,
        List<(SearchEntry? Before, SearchEntry? After)> changes,
        SearchSnapshot? sameContentAs)
    {
        (HistoryStart, RecentChanges, _changeLog) = sameContentAs?.History ?? basis.HistoryWith(changes, Generation);
        MadeAt = sameContentAs?.MadeAt ?? DateTimeOffset.UtcNow;
        ByName = basis.ByName;
        Keys = basis.Keys;
        Joinable = basis.Joinable;
        All = basis.All;
        _entriesById = basis._entriesById;
        _grid = basis._grid;
        _tokens = basis._tokens;
        _postings = basis._postings;
        Overlay = overlay;
        Shadowed = shadowed;
        ShadowedInOrder = newlyShadowed.Count == 0 ? basis.ShadowedInOrder : [.. basis.ShadowedInOrder.Concat(newlyShadowed).Order()];
        ShadowedPositions = newlyShadowed.Count == 0 ? basis.ShadowedPositions : basis.ShadowedPositions.With(newlyShadowed, ByName.Length);

        RankedOverlay = RankedAfter(basis, overlay);
    }

    /// <summary>
    /// <paramref name="overlay"/>'s entries with their name rank, ranked once here rather than on every search
    /// that meets them (a binary search of names each). Ranks place an entry among the base entries, which a
    /// change does not move, so the entries <paramref name="basis"/> overlaid already keep theirs and only the
    /// changed ones are ranked: an edit costs O(overlay), with no sort (at 1,000,000 meetings the overlay
    /// holds up to 1,000).
    /// </summary>
    private static (SearchEntry Entry, double Rank, SearchKeys Keys)[] RankedAfter(SearchSnapshot basis, IReadOnlyDictionary<Guid, SearchEntry> overlay)
    {
        // Each overlay entry once: kept with its rank when the basis overlaid the same entry, else ranked here.
        var ranked = new (SearchEntry Entry, double Rank, SearchKeys Keys)[overlay.Count];
        var count = 0;
        foreach (var before in basis.RankedOverlay)
        {
            if (overlay.TryGetValue(before.Entry.Id, out var now) && ReferenceEquals(now, before.Entry))
            {
                ranked[count++] = before;
            }
        }

        foreach (var entry in overlay.Values)
        {
            if (!(basis.Overlay.TryGetValue(entry.Id, out var before) && ReferenceEquals(before, entry)))
            {
                ranked[count++] = (entry, basis.RankOf(entry), entry.Keys);
            }
        }

        return ranked;
    }

    /// <summary>
    /// Numbers this process's snapshots in the order they were made (each change makes a new one). A
    /// generation stands for what its snapshot held, so it can name the version of a search's answer
    /// (<see cref="SearchAnswerVersions"/>).
    /// </summary>
    public long Generation { get; } = Interlocked.Increment(ref s_lastGeneration);

    /// <summary>
    /// When this instance first listed what this snapshot lists (a compaction keeps its source's time): nothing it
    /// shows changed after it, so it can stand as the Last-Modified of an answer made from the whole snapshot.
    /// </summary>
    public DateTimeOffset MadeAt { get; }

    /// <summary>
    /// The generation of the snapshot this one's history starts from: this one holds what that one held with
    /// <see cref="RecentChanges"/> applied. Its own generation after a full build; older when it was made by changes.
    /// </summary>
    public long HistoryStart { get; }

    /// <summary>The changes since <see cref="HistoryStart"/>, oldest first, at most <see cref="HistoryLimit"/>: a window of a <see cref="ChangeLog"/>.</summary>
    public ReadOnlyMemory<SearchChange> RecentChanges { get; }

    /// <summary>The log <see cref="RecentChanges"/> lies in; null when there are none.</summary>
    private readonly ChangeLog? _changeLog;

    /// <summary>This snapshot's history, for one that holds the same (<c>sameContentAs</c>) to take.</summary>
    private (long Start, ReadOnlyMemory<SearchChange> Changes, ChangeLog? Log) History => (HistoryStart, RecentChanges, _changeLog);

    /// <summary>Every indexed entry, by name (case-insensitive), then id.</summary>
    public SearchEntry[] ByName { get; }

    /// <summary>Each entry's keys, by position.</summary>
    public SearchKeys[] Keys { get; }

    /// <summary>The meetings anyone can join from anywhere (online and hybrid), for "near here, or online".</summary>
    public WeekSlots Joinable { get; }

    /// <summary>Every entry, for days and time windows searched without a place or words.</summary>
    public WeekSlots All { get; }

    /// <summary>Meetings changed or added since the indexes were built; searched by scanning.</summary>
    public IReadOnlyDictionary<Guid, SearchEntry> Overlay { get; } = NoOverlay;

    /// <summary>Base entries that are changed (their new version is in the overlay) or gone.</summary>
    public IReadOnlySet<Guid> Shadowed { get; } = NoneShadowed;

    /// <summary><see cref="Shadowed"/> by position, for scans.</summary>
    public PositionSet ShadowedPositions { get; }

    /// <summary>The shadowed positions in ascending order, to count how many of a posting list are shadowed.</summary>
    public int[] ShadowedInOrder { get; } = [];

    /// <summary>
    /// The overlay's entries with their name rank (<see cref="RankOf"/>) and their keys, in no particular order:
    /// a search merges what it finds here with its base matches by rank.
    /// </summary>
    public (SearchEntry Entry, double Rank, SearchKeys Keys)[] RankedOverlay { get; } = [];

    public int Count => ByName.Length - Shadowed.Count + Overlay.Count;

    public bool Contains(Guid id) => Find(id) is not null;


    /// <summary>The meetings <paramref name="changed"/> are replaced by <paramref name="reloaded"/> (those still public).</summary>
    public SearchSnapshot With(IReadOnlyCollection<Guid> changed, IEnumerable<SearchEntry> reloaded) => With(changed, reloaded, sameContentAs: null);

    /// <inheritdoc cref="With(IReadOnlyCollection{Guid}, IEnumerable{SearchEntry})"/>
    /// <param name="changed">The meetings changed.</param>
    /// <param name="reloaded">What they are now, for those still public.</param>
    /// <param name="sameContentAs">The snapshot the result will hold the same as, whose history it takes; null to add these changes to this one's.</param>
    private SearchSnapshot With(IReadOnlyCollection<Guid> changed, IEnumerable<SearchEntry> reloaded, SearchSnapshot? sameContentAs)
    {
        // Sized up front: each edit copies the overlay, and a copy that grows as it fills leaves its smaller arrays
        // behind as garbage, which lives as long as the snapshot does.
        var overlay = new Dictionary<Guid, SearchEntry>(Overlay.Count + changed.Count);
        foreach (var (id, entry) in Overlay)
        {
            if (!changed.Contains(id))
            {
                overlay[id] = entry;
            }
        }

        foreach (var entry in reloaded)
        {
            overlay[entry.Id] = entry;
        }

        var newlyShadowed = changed.Where(id => _entriesById.ContainsKey(id) && !Shadowed.Contains(id)).Distinct().ToList();
        var shadowed = new HashSet<Guid>(Shadowed.Count + newlyShadowed.Count);
        shadowed.UnionWith(Shadowed);
        shadowed.UnionWith(newlyShadowed);
        var changes = changed.Distinct().Select(id => (Before: Find(id), After: overlay.GetValueOrDefault(id))).Where(c => c.Before is not null || c.After is not null).ToList();
        return new SearchSnapshot(this, overlay, shadowed, [.. newlyShadowed.Select(id => InsertionPoint(_entriesById[id]))], changes, sameContentAs);
    }

    /// <summary>Every meeting this snapshot lists: the indexed ones in name order, then those changed since (in no order).</summary>
    public IEnumerable<SearchEntry> Entries()
    {
        for (var position = 0; position < ByName.Length; position++)
        {
            if (!ShadowedPositions.Contains(position))
            {
                yield return ByName[position];
            }
        }

        foreach (var entry in Overlay.Values)
        {
            yield return entry;
        }
    }

    /// <summary>Every meeting this snapshot lists, in name order (then id): made on first use and kept with the snapshot.</summary>
    public IReadOnlyList<SearchEntry> InNameOrder()
    {
        if (_inNameOrder is { } made)
        {
            return made;
        }

        var entries = Entries().ToArray();
        Array.Sort(entries, static (x, y) => NameOrder.Instance.Compare(x, y) is var byName && byName != 0 ? byName : x.Id.CompareTo(y.Id));
        return _inNameOrder = entries;
    }

    private SearchEntry[]? _inNameOrder;

    /// <summary>
    /// False when this snapshot lists the organisation's meetings (every meeting's, for null) exactly as the snapshot
    /// numbered <paramref name="generation"/> did: no change since touched one of them, before or after. True when one
    /// did, or when the history no longer reaches back that far (a full load since, or too many changes) and it
    /// cannot tell.
    /// </summary>
    public bool MayListDifferentlyThan(long generation, Guid? organisationId)
    {
        if (generation == Generation)
        {
            return false;
        }

        if (generation > Generation || generation < HistoryStart)
        {
            return true;
        }

        var recent = RecentChanges.Span;
        for (var i = recent.Length - 1; i >= 0 && recent[i].Generation > generation; i--)
        {
            var (before, after) = (recent[i].Before, recent[i].After);
            if (organisationId is not { } organisation || before?.OrganisationId == organisation || after?.OrganisationId == organisation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The entry this snapshot lists for the meeting, or null.</summary>
    public SearchEntry? Find(Guid id) =>
        Overlay.TryGetValue(id, out var changed) ? changed : !Shadowed.Contains(id) && _entriesById.TryGetValue(id, out var entry) ? entry : null;

    /// <summary>
    /// This snapshot's history with <paramref name="changes"/> (made by the snapshot numbered
    /// <paramref name="generation"/>) added. Past <see cref="HistoryLimit"/> the oldest changes are forgotten a
    /// whole generation at a time, and the history then starts from the newest generation forgotten.
    /// </summary>
    private (long Start, ReadOnlyMemory<SearchChange> Changes, ChangeLog? Log) HistoryWith(List<(SearchEntry? Before, SearchEntry? After)> changes, long generation)
    {
        if (changes.Count > HistoryLimit)
        {
            return (generation, ReadOnlyMemory<SearchChange>.Empty, null);
        }

        var recent = RecentChanges.Span;
        var (start, keptFrom) = (HistoryStart, 0);
        if (recent.Length + changes.Count > HistoryLimit)
        {
            keptFrom = recent.Length + changes.Count - HistoryLimit;
            start = recent[keptFrom - 1].Generation;
            while (keptFrom < recent.Length && recent[keptFrom].Generation == start)
            {
                keptFrom++;
            }
        }

        var added = new SearchChange[changes.Count];
        for (var i = 0; i < changes.Count; i++)
        {
            added[i] = new SearchChange(generation, changes[i].Before, changes[i].After);
        }

        var (log, window) = ChangeLog.Append(_changeLog, RecentChanges[keptFrom..], added, capacity: 2 * HistoryLimit);
        return (start, window, log);
    }

    /// <summary>
    /// This snapshot (a compaction of an older one) brought up to <paramref name="current"/>: the meetings
    /// changed since the compaction started (<paramref name="changedSince"/>) made as they are now. It then
    /// holds what <paramref name="current"/> holds, so it takes <paramref name="current"/>'s history too.
    /// </summary>
    public SearchSnapshot CaughtUpWith(SearchSnapshot current, IReadOnlyCollection<Guid> changedSince) =>
        // What the changed meetings are now: in the current overlay when public, nowhere when not.
        With(changedSince, [.. changedSince.Select(current.Overlay.GetValueOrDefault).OfType<SearchEntry>()], sameContentAs: current);

    /// <summary>Past this many changed meetings the snapshot is due for compaction (<see cref="OverlayLimitFor"/> its base entries).</summary>
    public int OverlayLimit => OverlayLimitFor(ByName.Length);

    /// <summary>True when the overlay is large enough that searches would be faster over compacted indexes (<see cref="Compact"/>).</summary>
    public bool IsDueForCompaction => Overlay.Count > OverlayLimit;

    /// <summary>
    /// How many changed meetings a snapshot of <paramref name="meetings"/> overlays before a compaction: one
    /// per thousand, between <see cref="SmallestOverlayLimit"/> and <see cref="LargestOverlayLimit"/>.
    /// </summary>
    /// <remarks>
    /// A compaction costs O(n) (0.6–1 s of CPU and ~160 MB of new arrays at 1,000,000), an overlay entry a
    /// few tens of nanoseconds in each search that meets it. With the limit a thousandth of the directory,
    /// each edit's share of a compaction stays the same from 256,000 to 4,096,000 meetings (what compacting
    /// 256,000 costs, spread over 256 edits), while a search scans at most a thousandth of the directory
    /// beside its indexes, which its own cost outgrows: at 1,000,000 a compaction comes every 1,000 edits
    /// instead of 256.
    /// </remarks>
    public static int OverlayLimitFor(int meetings) => Math.Clamp(meetings / 1_000, SmallestOverlayLimit, LargestOverlayLimit);

    /// <summary>
    /// Folds the overlay into the indexes. They are not built again: entries keep their relative order, so
    /// every position list stays sorted when its positions are moved, and only the overlay's entries are
    /// placed. Linear in the directory with small constants (arrays of numbers), where building from the
    /// entries sorts them by name and splits every text again.
    /// </summary>
    public SearchSnapshot Compact()
    {
        if (Overlay.Count == 0 && Shadowed.Count == 0)
        {
            return this;
        }

        var added = Overlay.Values.Order(NameOrder.Instance).ToArray();
        var count = ByName.Length - Shadowed.Count + added.Length;
        var byName = new SearchEntry[count];
        var keys = new SearchKeys[count];
        var newPositionOf = new int[ByName.Length];
        var addedPositions = new int[added.Length];

        // Where each added entry goes among the base entries: a binary search each, so the pass over the
        // whole directory below compares no names.
        var insertBefore = Array.ConvertAll(added, InsertionPoint);
        int to = 0, next = 0;
        for (var from = 0; from <= ByName.Length; from++)
        {
            while (next < added.Length && insertBefore[next] == from)
            {
                (byName[to], keys[to]) = (added[next], added[next].Keys);
                addedPositions[next++] = to++;
            }

            if (from == ByName.Length)
            {
                break;
            }

            if (ShadowedPositions.Contains(from))
            {
                newPositionOf[from] = -1;
                continue;
            }

            (byName[to], keys[to]) = (ByName[from], Keys[from]);
            newPositionOf[from] = to++;
        }

        // The id map is copied (its stored hashes are reused), then changed where the overlay says.
        var entriesById = new Dictionary<Guid, SearchEntry>(_entriesById);
        foreach (var id in Shadowed)
        {
            entriesById.Remove(id);
        }

        foreach (var entry in added)
        {
            entriesById[entry.Id] = entry;
        }

        var addedJoinable = new List<int>();
        var addedByCell = new Dictionary<long, List<int>>();
        var addedWords = new WordPositions();
        for (var i = 0; i < added.Length; i++)
        {
            var (entry, position) = (added[i], addedPositions[i]);
            if (entry.Attendance != Domain.Attendance.InPerson)
            {
                addedJoinable.Add(position);
            }

            if (entry.Latitude is { } latitude && entry.Longitude is { } longitude)
            {
                (CollectionsMarshal.GetValueRefOrAddDefault(addedByCell, CellKey(latitude, longitude), out _) ??= []).Add(position);
            }

            addedWords.Add(entry, position);
        }

        var grid = new Dictionary<long, WeekSlots>(_grid.Count + addedByCell.Count);
        foreach (var (key, cell) in _grid)
        {
            var moved = cell.Moved(newPositionOf, addedByCell.Remove(key, out var here) ? here : [], keys);
            if (moved.Count > 0)
            {
                grid[key] = moved;
            }
        }

        foreach (var (key, positions) in addedByCell)
        {
            grid[key] = WeekSlots.Of(positions, keys, copyKeys: true);
        }

        var (tokens, postings) = MovePostings(newPositionOf, [.. addedWords.Positions.OrderBy(w => w.Key, StringComparer.Ordinal)]);
        return new SearchSnapshot(
            new Indexes(
                byName, keys, entriesById, Joinable.Moved(newPositionOf, addedJoinable, keys), All.Moved(newPositionOf, addedPositions, keys),
                grid.ToFrozenDictionary(), tokens, postings),
            sameContentAs: this);
    }

    /// <summary>The text index with its positions moved (dropping those gone and words left with none) and the added entries' words merged in.</summary>
    private (string[] Tokens, int[][] Postings) MovePostings(int[] newPositionOf, List<KeyValuePair<string, List<int>>> addedByWord)
    {
        var tokens = new List<string>(_tokens.Length + addedByWord.Count);
        var postings = new List<int[]>(_tokens.Length + addedByWord.Count);
        var next = 0;
        for (var i = 0; i <= _tokens.Length; i++)
        {
            // Words only the added entries have come first when they sort before this one.
            while (next < addedByWord.Count && (i == _tokens.Length || string.CompareOrdinal(addedByWord[next].Key, _tokens[i]) < 0))
            {
                tokens.Add(addedByWord[next].Key);
                postings.Add([.. addedByWord[next].Value]);
                next++;
            }

            if (i == _tokens.Length)
            {
                break;
            }

            List<int> addedHere = [];
            if (next < addedByWord.Count && addedByWord[next].Key == _tokens[i])
            {
                addedHere = addedByWord[next++].Value;
            }

            var moved = MovedPositions.Merge(_postings[i], newPositionOf, addedHere, Comparer<int>.Default);
            if (moved.Length > 0)
            {
                tokens.Add(_tokens[i]);
                postings.Add(moved);
            }
        }

        return ([.. tokens], [.. postings]);
    }

    /// <summary>
    /// Where <paramref name="entry"/> stands in <see cref="ByName"/> by <see cref="NameOrder"/>: a base entry's
    /// own position, or the position an entry that is not there would be inserted at.
    /// </summary>
    private int InsertionPoint(SearchEntry entry) => Array.BinarySearch(ByName, entry, NameOrder.Instance) is var index && index >= 0 ? index : ~index;

    /// <summary>The words of a text query as the index compares them (lower case, split at separators).</summary>
    public static string[] QueryWords(string query) => [.. Tokenise(query.ToLowerInvariant())];

    /// <summary>True when every word of the query is a prefix of a word of the entry (what the text index answers, for overlay entries).</summary>
    /// <param name="entry">An entry.</param>
    /// <param name="queryWords">The query's <see cref="QueryWords"/>, split once per search rather than once per entry.</param>
    public static bool MatchesText(SearchEntry entry, string[] queryWords)
    {
        var words = entry.Words;

        // A query of separators only has no words, and like the index it then matches nothing.
        return queryWords.Length > 0 && queryWords.All(q => words.Any(w => w.StartsWith(q, StringComparison.Ordinal)));
    }

    /// <summary>
    /// Where <paramref name="entry"/> (an overlay entry) would stand in <see cref="ByName"/>: between
    /// two positions, so it sorts among base entries by name without them being re-ranked.
    /// </summary>
    private double RankOf(SearchEntry entry) => InsertionPoint(entry) - 0.5;

    /// <summary>The grid cells overlapping the box; the caller checks exact distance.</summary>
    public List<GridCell> CellsInBox(in GreatCircle.Box box)
    {
        var cells = new List<GridCell>();
        var (fromLat, toLat) = (Cell(box.MinLatitude), Cell(box.MaxLatitude));
        var (fromLng, toLng) = (Cell(box.MinLongitude), Cell(box.MaxLongitude));
        for (var lat = fromLat; lat <= toLat; lat++)
        {
            for (var lng = fromLng; lng <= toLng; lng++)
            {
                if (_grid.TryGetValue(Key(lat, lng), out var cell))
                {
                    cells.Add(new GridCell(cell, lat, lng));
                }
            }
        }

        return cells;
    }

    /// <summary>True when the entry's place lies in a cell <see cref="CellsInBox"/> returns for the same box.</summary>
    public static bool IsInBoxCells(SearchEntry entry, in GreatCircle.Box box)
    {
        if (entry.Latitude is not { } latitude || entry.Longitude is not { } longitude)
        {
            return false;
        }

        var (lat, lng) = (Cell(latitude), Cell(longitude));
        return lat >= Cell(box.MinLatitude) && lat <= Cell(box.MaxLatitude) && lng >= Cell(box.MinLongitude) && lng <= Cell(box.MaxLongitude);
    }

    /// <summary>
    /// Positions (in name order) of entries whose text has a word starting with each query word:
    /// "big bo" finds "Big Book". Null when the query has no words. Callers only read the result,
    /// which may be one of the index's own posting lists.
    /// </summary>
    public int[]? MatchingText(string query)
    {
        int[]? result = null;
        foreach (var word in Tokenise(query.ToLowerInvariant()).Distinct(StringComparer.Ordinal))
        {
            var matches = PrefixMatches(word);
            result = result is null ? matches : Intersect(result, matches);
            if (result.Length == 0)
            {
                break;
            }
        }

        return result;
    }

    /// <summary>The words of <paramref name="text"/> (<see cref="SearchWords"/>).</summary>
    public static string[] Tokenise(string text)
    {
        var words = new List<string>();
        foreach (var word in new SearchWords(text))
        {
            words.Add(word.ToString());
        }

        return [.. words];
    }

    private int[] PrefixMatches(string prefix)
    {
        var start = Array.BinarySearch(_tokens, prefix, StringComparer.Ordinal);
        if (start < 0)
        {
            start = ~start;
        }

        var end = start;
        while (end < _tokens.Length && _tokens[end].StartsWith(prefix, StringComparison.Ordinal))
        {
            end++;
        }

        if (end - start <= 1)
        {
            return end == start ? [] : _postings[start];
        }

        var positions = new List<int>();
        for (var i = start; i < end; i++)
        {
            positions.AddRange(_postings[i]);
        }

        positions.Sort();
        var distinct = 0;
        for (var i = 0; i < positions.Count; i++)
        {
            if (i == 0 || positions[i] != positions[i - 1])
            {
                positions[distinct++] = positions[i];
            }
        }

        return [.. positions[..distinct]];
    }

    private static int[] Intersect(int[] left, int[] right)
    {
        var result = new List<int>(Math.Min(left.Length, right.Length));
        int i = 0, j = 0;
        while (i < left.Length && j < right.Length)
        {
            if (left[i] == right[j])
            {
                result.Add(left[i]);
                i++;
                j++;
            }
            else if (left[i] < right[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return result.ToArray();
    }

    private static int Cell(double degrees) => (int)Math.Floor(degrees / CellDegrees);

    private static long CellKey(double latitude, double longitude) => Key(Cell(latitude), Cell(longitude));

    private static long Key(int latitudeCell, int longitudeCell) => ((long)latitudeCell << 32) | (uint)longitudeCell;

    /// <summary>One grid cell: its entries in week-slot order, and its place in the grid.</summary>
    internal readonly record struct GridCell(WeekSlots Slots, int LatitudeIndex, int LongitudeIndex)
    {
        public GreatCircle.Box Bounds => new(
            LatitudeIndex * CellDegrees, (LatitudeIndex + 1) * CellDegrees, LongitudeIndex * CellDegrees, (LongitudeIndex + 1) * CellDegrees);
    }

    /// <summary>Name (case-insensitive), then id: the order of <see cref="ByName"/> and of every name-sorted result.</summary>
    internal sealed class NameOrder : IComparer<SearchEntry>
    {
        public static readonly NameOrder Instance = new();

        public int Compare(SearchEntry? x, SearchEntry? y)
        {
            var byName = StringComparer.OrdinalIgnoreCase.Compare(x!.Name, y!.Name);
            return byName != 0 ? byName : x.Id.CompareTo(y.Id);
        }
    }
}

/// <summary>One meeting as a snapshot listed it before a change and after (null: not listed), and the generation of the snapshot the change made.</summary>
internal readonly record struct SearchChange(long Generation, SearchEntry? Before, SearchEntry? After)
{
    /// <summary>Listed before and after, and a search that matches both answers the same (<see cref="SearchEntry.ShowsTheSameAs"/>).</summary>
    public bool ShowsTheSame { get; } = Before is not null && After is not null && Before.ShowsTheSameAs(After);
}
