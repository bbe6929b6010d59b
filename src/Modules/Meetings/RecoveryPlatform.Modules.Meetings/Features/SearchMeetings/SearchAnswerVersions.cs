using System.Collections.Concurrent;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;

/// <summary>
/// The version of a search's answer: the generation of the newest snapshot whose changes touched a meeting
/// the search matches, before or after the change, in a way the answer shows. An answer stored or tagged
/// under a version stays right while only other meetings change (or only what search does not show), so a directory edited all day keeps the answers, ETags and 304s of the
/// searches its edits do not touch (<see cref="SearchAnswerCache"/>, <see cref="SearchETag"/>).
/// </summary>
/// <remarks>
/// <para>
/// Why it is right: a snapshot holds what the snapshot of its <see cref="SearchSnapshot.HistoryStart"/> held
/// with its <see cref="SearchSnapshot.RecentChanges"/> applied. A change whose meeting the search matched
/// neither before nor after cannot change the answer (its total, its order or a row), nor can one it
/// matched both before and after that shows the same (<see cref="SearchEntry.ShowsTheSameAs"/>), so a search over the
/// snapshot answers as it did over the snapshot that made its newest relevant change, or over the start of
/// the history when none is. Two snapshots with the same version therefore give the same answer. Any
/// snapshot's own generation is a version too (of itself), which is what a search not seen before is given.
/// </para>
/// <para>
/// What it costs: a search's criteria are remembered from its first run (validated, by their raw query
/// string); its version is then worked out for each new snapshot by testing only the changes made since the
/// last one it was worked out for, or the whole history (at most <see cref="SearchSnapshot.HistoryLimit"/>
/// changes, each tested like a candidate) in a new minute or when the history no longer reaches back to it.
/// </para>
/// </remarks>
internal sealed class SearchAnswerVersions
{
    /// <summary>Searches remembered at most; past this all are forgotten and remembered again as they come.</summary>
    private const int Capacity = 4_096;

    private readonly ConcurrentDictionary<string, Remembered> _byQuery = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>Remembers the criteria a search (path and raw query) was read into and validated as.</summary>
    public void Remember(string pathAndQuery, SearchCriteria criteria)
    {
        if (_byQuery.ContainsKey(pathAndQuery))
        {
            return;
        }

        if (Interlocked.Increment(ref _count) > Capacity)
        {
            // Every few thousand different searches (more often when every search is new, a phone's own
            // position each time): a repeated search forgotten is keyed by its snapshot's generation until
            // it has run once more, which costs a stored answer under a writer, never a wrong one.
            _byQuery.Clear();
            Interlocked.Exchange(ref _count, 1);
        }

        _byQuery.TryAdd(pathAndQuery, new Remembered(criteria));
    }

    /// <summary>The version of the answer to a search run before (see <see cref="Remember"/>) over <paramref name="snapshot"/>; null for a search not remembered.</summary>
    /// <param name="snapshot">The snapshot the search reads.</param>
    /// <param name="pathAndQuery">The request's path and raw query string.</param>
    /// <param name="now">The instant "now" stands for.</param>
    public long? Find(SearchSnapshot snapshot, string pathAndQuery, DateTimeOffset now) =>
        _byQuery.TryGetValue(pathAndQuery, out var remembered) ? remembered.VersionOver(snapshot, now) : null;

    /// <summary>The version of the answer the criteria give over <paramref name="snapshot"/>, worked out from its whole history.</summary>
    public static long Of(SearchSnapshot snapshot, SearchCriteria criteria, DateTimeOffset now) =>
        NewestTouching(snapshot, criteria, now, after: long.MinValue) ?? snapshot.HistoryStart;

    /// <summary>The generation of the newest change after <paramref name="after"/> that touched a meeting the criteria match; null when none did.</summary>
    private static long? NewestTouching(SearchSnapshot snapshot, SearchCriteria criteria, DateTimeOffset now, long after)
    {
        var changes = snapshot.RecentChanges.Span;
        if (changes.Length == 0 || changes[^1].Generation <= after)
        {
            return null;
        }

        var plan = new SearchPlan(criteria, now);
        var matches = new HitCollector(0, arrivesInOrder: false);
        for (var i = changes.Length - 1; i >= 0 && changes[i].Generation > after; i--)
        {
            // A meeting that came into the matches or left them changes the answer; one matched before and
            // after changes it unless the search shows it the same (a description edited, say).
            var (matchedBefore, matchesAfter) = (Matches(changes[i].Before), Matches(changes[i].After));
            if (matchedBefore != matchesAfter || (matchesAfter && !changes[i].ShowsTheSame))
            {
                return changes[i].Generation;
            }
        }

        return null;

        // As the scan tests an overlay entry (counted, never kept).
        bool Matches(SearchEntry? entry)
        {
            if (entry is null)
            {
                return false;
            }

            var before = matches.Count;
            plan.ConsiderUnindexed(entry.Keys, entry, snapshot, 0, matches);
            return matches.Count > before;
        }
    }

    /// <summary>One search's criteria, and its version over the last snapshot it was worked out for.</summary>
    private sealed class Remembered(SearchCriteria criteria)
    {
        private Worked? _last;

        public long VersionOver(SearchSnapshot snapshot, DateTimeOffset now)
        {
            var last = Volatile.Read(ref _last);
            if (last is not null && last.Now == now)
            {
                if (last.Generation == snapshot.Generation)
                {
                    return last.Version;
                }

                // A newer snapshot whose history reaches back to the last one (no full load since, and nothing
                // forgotten that came after it): it holds what the last one held with the changes made since,
                // so only those need testing.
                if (last.Generation < snapshot.Generation && snapshot.HistoryStart <= last.Generation)
                {
                    var version = NewestTouching(snapshot, criteria, now, last.Generation) ?? last.Version;
                    Volatile.Write(ref _last, new Worked(snapshot.Generation, now, version));
                    return version;
                }
            }

            var whole = Of(snapshot, criteria, now);
            if (last is null || last.Generation <= snapshot.Generation)
            {
                Volatile.Write(ref _last, new Worked(snapshot.Generation, now, whole));
            }

            return whole;
        }

        private sealed record Worked(long Generation, DateTimeOffset Now, long Version);
    }
}
