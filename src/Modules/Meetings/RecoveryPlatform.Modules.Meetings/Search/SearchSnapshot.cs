using System.Collections.Frozen;

namespace RecoveryPlatform.Modules.Meetings.Search;

/// <summary>
/// An immutable view of every public meeting, with the two indexes searches start from: a grid of
/// 0.1° cells for "near here", and word prefixes for text. Building the indexes costs O(n log n), so a
/// change does not rebuild them: it adds a small overlay (the changed meetings, and the base entries
/// they shadow) that searches consult beside the indexes, until <see cref="Compact"/> folds it in.
/// Searches in flight keep the snapshot they started with.
/// </summary>
internal sealed class SearchSnapshot
{
    public const double CellDegrees = 0.1;

    /// <summary>Past this many changed meetings, the next change compacts (searches scan the overlay linearly).</summary>
    public const int OverlayLimit = 256;

    public static readonly SearchSnapshot Empty = new([]);

    private static readonly FrozenSet<Guid> NoneShadowed = FrozenSet<Guid>.Empty;

    private readonly FrozenDictionary<long, SearchEntry[]> _grid;
    private readonly string[] _tokens;
    private readonly int[][] _postings;

    public SearchSnapshot(IEnumerable<SearchEntry> entries)
    {
        Overlay = new Dictionary<Guid, SearchEntry>();
        Shadowed = NoneShadowed;

        // Name order once here, so a search sorted by name only filters and never sorts.
        ByName = entries.OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase).ThenBy(e => e.Id).ToArray();
        Joinable = ByName.Where(e => e.Attendance != Domain.Attendance.InPerson).ToArray();
        ById = ByName.ToFrozenDictionary(e => e.Id);
        Position = ByName.Select((e, i) => (e.Id, i)).ToFrozenDictionary(p => p.Id, p => p.i);

        _grid = ByName
            .Where(e => e.Latitude is not null && e.Longitude is not null)
            .GroupBy(e => CellKey(e.Latitude!.Value, e.Longitude!.Value))
            .ToFrozenDictionary(g => g.Key, g => g.ToArray());

        var postings = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < ByName.Length; i++)
        {
            foreach (var token in Tokenise(ByName[i].SearchText).Distinct(StringComparer.Ordinal))
            {
                if (!postings.TryGetValue(token, out var list))
                {
                    postings[token] = list = [];
                }

                list.Add(i);
            }
        }

        _tokens = postings.Keys.Order(StringComparer.Ordinal).ToArray();
        _postings = _tokens.Select(t => postings[t].ToArray()).ToArray();
    }

    public SearchEntry[] ByName { get; }

    /// <summary>Meetings anyone can join from anywhere (online and hybrid), for "near here, or online".</summary>
    public SearchEntry[] Joinable { get; }

    public FrozenDictionary<Guid, SearchEntry> ById { get; }

    /// <summary>Each entry's index in <see cref="ByName"/>.</summary>
    public FrozenDictionary<Guid, int> Position { get; }

    private SearchSnapshot(SearchSnapshot basis, IReadOnlyDictionary<Guid, SearchEntry> overlay, IReadOnlySet<Guid> shadowed)
    {
        ByName = basis.ByName;
        Joinable = basis.Joinable;
        ById = basis.ById;
        Position = basis.Position;
        _grid = basis._grid;
        _tokens = basis._tokens;
        _postings = basis._postings;
        Overlay = overlay;
        Shadowed = shadowed;
    }

    /// <summary>Meetings changed or added since the indexes were built; searched by scanning.</summary>
    public IReadOnlyDictionary<Guid, SearchEntry> Overlay { get; }

    /// <summary>Base entries that are changed (their new version is in the overlay) or gone.</summary>
    public IReadOnlySet<Guid> Shadowed { get; }

    public int Count => ByName.Length - Shadowed.Count + Overlay.Count;

    /// <summary>The meetings <paramref name="changed"/> are replaced by <paramref name="reloaded"/> (those still public).</summary>
    public SearchSnapshot With(IReadOnlyCollection<Guid> changed, IEnumerable<SearchEntry> reloaded)
    {
        var overlay = Overlay.Where(p => !changed.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value);
        foreach (var entry in reloaded)
        {
            overlay[entry.Id] = entry;
        }

        var shadowed = Shadowed.Concat(changed.Where(ById.ContainsKey)).ToHashSet();
        var next = new SearchSnapshot(this, overlay, shadowed);
        return overlay.Count > OverlayLimit ? next.Compact() : next;
    }

    /// <summary>Folds the overlay into freshly built indexes.</summary>
    public SearchSnapshot Compact() =>
        Overlay.Count == 0 && Shadowed.Count == 0 ? this : new SearchSnapshot(ByName.Where(e => !Shadowed.Contains(e.Id)).Concat(Overlay.Values));

    /// <summary>True when every word of <paramref name="query"/> is a prefix of a word of the entry (what the text index answers, for overlay entries).</summary>
    public static bool MatchesText(SearchEntry entry, string query)
    {
        var words = Tokenise(entry.SearchText).ToArray();
        return Tokenise(query.ToLowerInvariant()).All(q => words.Any(w => w.StartsWith(q, StringComparison.Ordinal)));
    }

    /// <summary>Entries in the grid cells that overlap the box; the caller checks exact distance.</summary>
    public IEnumerable<SearchEntry> InBox(double minLatitude, double maxLatitude, double minLongitude, double maxLongitude)
    {
        var (fromLat, toLat) = (Cell(minLatitude), Cell(maxLatitude));
        var (fromLng, toLng) = (Cell(minLongitude), Cell(maxLongitude));
        for (var lat = fromLat; lat <= toLat; lat++)
        {
            for (var lng = fromLng; lng <= toLng; lng++)
            {
                if (_grid.TryGetValue(Key(lat, lng), out var cell))
                {
                    foreach (var entry in cell)
                    {
                        yield return entry;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Positions (in name order) of entries whose text has a word starting with each query word:
    /// "big bo" finds "Big Book". Null when the query has no words.
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

    public static IEnumerable<string> Tokenise(string text) =>
        text.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(t => t.Length > 0);

    private static readonly char[] Separators = [' ', ',', '.', '-', '\'', '’', '(', ')', '&', '/', ':', ';', '"', '!', '?'];

    private int[] PrefixMatches(string prefix)
    {
        var start = Array.BinarySearch(_tokens, prefix, StringComparer.Ordinal);
        if (start < 0)
        {
            start = ~start;
        }

        var positions = new List<int>();
        for (var i = start; i < _tokens.Length && _tokens[i].StartsWith(prefix, StringComparison.Ordinal); i++)
        {
            positions.AddRange(_postings[i]);
        }

        positions.Sort();
        return positions.Distinct().ToArray();
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
}
