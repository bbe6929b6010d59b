namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

/// <summary>A set of positions in a snapshot's name order, a bit each: tested once per candidate in a scan.</summary>
internal readonly struct PositionSet
{
    private readonly ulong[]? _bits;

    private PositionSet(ulong[] bits) => _bits = bits;

    /// <summary>The empty set; it holds no storage.</summary>
    public static PositionSet None => default;

    public bool IsEmpty => _bits is null;

    public static PositionSet Of(IEnumerable<int> positions, int count)
    {
        var bits = new ulong[(count + 63) / 64];
        foreach (var position in positions)
        {
            bits[position >> 6] |= 1UL << (position & 63);
        }

        return new PositionSet(bits);
    }

    public bool Contains(int position) => _bits is { } bits && (bits[position >> 6] & (1UL << (position & 63))) != 0;
}
