using System.Runtime.InteropServices;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

/// <summary>
/// The array that the recent changes (<see cref="SearchSnapshot.RecentChanges"/>) of snapshots made one from another lie
/// in, each snapshot's a window of it. A snapshot made from the newest window writes its changes just after that
/// window, where no window reaches yet, instead of copying the whole history: at its 1,024 changes that copy was 32 KB
/// on every edit, kept until the next edit, and so carried into the oldest generation of the heap to die there. A full
/// array, or a window that is not the newest (a snapshot made again from an older one), starts a new array.
/// </summary>
/// <remarks>
/// Readers need no lock: a window only covers changes written before it was made, and nothing is written over them.
/// </remarks>
internal sealed class ChangeLog
{
    private readonly Lock _appending = new();
    private readonly SearchChange[] _changes;
    private int _end;

    private ChangeLog(int capacity) => _changes = new SearchChange[capacity];

    /// <summary>A window holding <paramref name="kept"/> and then <paramref name="added"/>, and the log it lies in.</summary>
    /// <param name="log">The log <paramref name="kept"/> lies in; null when it is empty.</param>
    /// <param name="kept">The changes kept from the window of the snapshot the new one is made from (its newest ones).</param>
    /// <param name="added">The new snapshot's own changes.</param>
    /// <param name="capacity">How many changes a new array holds: twice the most a window keeps means one copy per that many changes.</param>
    public static (ChangeLog Log, ReadOnlyMemory<SearchChange> Window) Append(ChangeLog? log, ReadOnlyMemory<SearchChange> kept, ReadOnlySpan<SearchChange> added, int capacity)
    {
        if (log is not null && log.TryAppend(kept, added, out var window))
        {
            return (log, window);
        }

        var fresh = new ChangeLog(Math.Max(capacity, kept.Length + added.Length));
        kept.Span.CopyTo(fresh._changes);
        added.CopyTo(fresh._changes.AsSpan(kept.Length));
        fresh._end = kept.Length + added.Length;
        return (fresh, new ReadOnlyMemory<SearchChange>(fresh._changes, 0, fresh._end));
    }

    private bool TryAppend(ReadOnlyMemory<SearchChange> kept, ReadOnlySpan<SearchChange> added, out ReadOnlyMemory<SearchChange> window)
    {
        lock (_appending)
        {
            if (MemoryMarshal.TryGetArray(kept, out var segment) && segment.Array == _changes && segment.Offset + segment.Count == _end
                && _end + added.Length <= _changes.Length)
            {
                added.CopyTo(_changes.AsSpan(_end));
                _end += added.Length;
                window = new ReadOnlyMemory<SearchChange>(_changes, segment.Offset, segment.Count + added.Length);
                return true;
            }
        }

        window = default;
        return false;
    }
}
