using Microsoft.Extensions.Caching.Memory;
using RecoveryPlatform.Modules.Meetings.Domain;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

/// <summary>
/// Meetings by id as last read from the database, so reading a meeting page costs no round trip.
/// Like the search index it is dropped for a meeting whenever this instance follows that meeting's change
/// in the change log (<see cref="MeetingSearchIndex.RefreshAsync"/>), so it holds only what the database holds.
/// Cached meetings are shared between requests and must only be read.
/// </summary>
internal sealed class MeetingCache : IDisposable
{
    /// <summary>Meetings kept at most (a few kB each): the busiest pages, not the whole directory.</summary>
    public const int Capacity = 10_000;

    private static readonly MemoryCacheEntryOptions EntryOptions = new() { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) };

    private readonly MemoryCache _meetings = new(new MemoryCacheOptions { SizeLimit = Capacity });

    // Bumped by every invalidation: a read that started before one must not store what it read,
    // which may be the version just replaced.
    private long _generation;

    public async Task<Meeting?> GetOrLoadAsync(Guid id, Func<Task<Meeting?>> load)
    {
        if (_meetings.TryGetValue(id, out Meeting? cached))
        {
            return cached;
        }

        var generation = Interlocked.Read(ref _generation);
        var meeting = await load();
        if (meeting is not null && Interlocked.Read(ref _generation) == generation)
        {
            _meetings.Set(id, meeting, EntryOptions);
        }

        return meeting;
    }

    public void Invalidate(IEnumerable<Guid> meetingIds)
    {
        Interlocked.Increment(ref _generation);
        foreach (var id in meetingIds)
        {
            _meetings.Remove(id);
        }
    }

    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _meetings.Clear();
    }

    public void Dispose() => _meetings.Dispose();
}
