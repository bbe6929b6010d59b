namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

/// <summary>
/// A set of positions in a snapshot's name order, a bit each: tested once per candidate in a scan. The
/// bits are kept in chunks of 4,096 positions, absent where none is set, so that adding a few positions
/// (<see cref="With"/>, once per change) copies the chunks they fall in, not the whole set.
/// </summary>
internal readonly struct PositionSet
{
    private const int ChunkShift = 12;
    private const int WordsPerChunk = (1 << ChunkShift) / 64;

    private readonly ulong[]?[]? _chunks;

    private PositionSet(ulong[]?[] chunks) => _chunks = chunks;

    /// <summary>The empty set; it holds no storage.</summary>
    public static PositionSet None => default;

    public bool IsEmpty => _chunks is null;

    /// <param name="positions">The positions in the set.</param>
    /// <param name="count">How many positions there are (the snapshot's entries).</param>
    public static PositionSet Of(IEnumerable<int> positions, int count) => None.With(positions, count);

    /// <summary>This set and <paramref name="positions"/>: a new set sharing every chunk they leave alone.</summary>
    public PositionSet With(IEnumerable<int> positions, int count)
    {
        var chunks = _chunks is null ? new ulong[]?[(count >> ChunkShift) + 1] : (ulong[]?[])_chunks.Clone();
        var copied = new HashSet<int>();
        foreach (var position in positions)
        {
            var index = position >> ChunkShift;
            if (copied.Add(index))
            {
                chunks[index] = chunks[index] is { } shared ? (ulong[])shared.Clone() : new ulong[WordsPerChunk];
            }

            chunks[index]![(position >> 6) & (WordsPerChunk - 1)] |= 1UL << (position & 63);
        }

        return new PositionSet(chunks);
    }

    public bool Contains(int position) =>
        _chunks is { } chunks && chunks[position >> ChunkShift] is { } chunk && (chunk[(position >> 6) & (WordsPerChunk - 1)] & (1UL << (position & 63))) != 0;
}
