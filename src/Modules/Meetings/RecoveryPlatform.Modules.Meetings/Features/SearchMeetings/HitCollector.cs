using System.Runtime.InteropServices;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;

/// <summary>
/// Counts every match and keeps the best <c>keep</c> of them in a bounded max-heap, so memory and
/// time follow the page asked for, not the number of matches. When base matches arrive already in order
/// it just keeps the first ones, and merges in the few overlay matches, which arrive after them, at the end.
/// </summary>
internal sealed class HitCollector
{
    private readonly int _keep;
    private readonly bool _arrivesInOrder;

    // The kept hits, and a heap of indexes into them, worst first: heap moves then copy two ints,
    // not two hits (which hold references, so each copy would go through the GC's write barrier).
    private readonly List<Hit> _kept = [];
    private readonly PriorityQueue<int, int> _best;

    // Arriving in order: overlay matches (few, out of order), merged with the kept base ones at the end.
    private List<Hit>? _overlay;

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
            KeepInArrivalOrder(hit);
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

    private void KeepInArrivalOrder(in Hit hit)
    {
        if (hit.Entry is not null)
        {
            (_overlay ??= []).Add(hit);
        }
        else if (_kept.Count < _keep)
        {
            _kept.Add(hit);
        }
    }

    /// <summary>Adds the base entries at <paramref name="positions"/> (ascending) as they are, with no distance or occurrence, but for the shadowed ones.</summary>
    public void AddAll(int[] positions, PositionSet shadowed, int[] shadowedInOrder)
    {
        if (!_arrivesInOrder)
        {
            foreach (var position in positions)
            {
                if (!shadowed.Contains(position))
                {
                    Add(new Hit(null, position, position, position, double.NaN, null));
                }
            }

            return;
        }

        // Counted without reading the list: its length, less the shadowed positions in it (few, each found by halving).
        var shadowedHere = 0;
        foreach (var position in shadowedInOrder)
        {
            shadowedHere += Array.BinarySearch(positions, position) >= 0 ? 1 : 0;
        }

        Count += positions.Length - shadowedHere;
        for (var i = 0; i < positions.Length && _kept.Count < _keep; i++)
        {
            if (!shadowed.Contains(positions[i]))
            {
                _kept.Add(new Hit(null, positions[i], positions[i], positions[i], double.NaN, null));
            }
        }
    }

    public IEnumerable<Hit> InOrder()
    {
        if (_arrivesInOrder)
        {
            if (_overlay is null)
            {
                return _kept;
            }

            // The first keep base matches and every overlay match hold the first keep of all of them.
            _overlay.Sort((x, y) => Compare(x, y));
            return MergeInOrder(_kept, _overlay).Take(_keep);
        }

        var best = new Hit[_best.Count];
        for (var i = best.Length - 1; i >= 0; i--)
        {
            best[i] = Kept(_best.Dequeue());
        }

        return best;
    }

    private static IEnumerable<Hit> MergeInOrder(List<Hit> first, List<Hit> second)
    {
        var (i, j) = (0, 0);
        while (i < first.Count || j < second.Count)
        {
            yield return j >= second.Count || (i < first.Count && Compare(first[i], second[j]) <= 0) ? first[i++] : second[j++];
        }
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
