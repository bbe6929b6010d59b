using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

namespace RecoveryPlatform.UnitTests.Meetings.SearchMeetings;

public sealed class MeetingCacheTests
{
    private static int _loads;

    private static Task<Meeting?> Load()
    {
        Interlocked.Increment(ref _loads);

        // A stand-in for a database row: the cache only keeps the reference it is given.
        return Task.FromResult<Meeting?>((Meeting)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(Meeting)));
    }

    [Fact]
    public async Task A_second_read_is_served_from_memory_until_the_meeting_changes()
    {
        using var cache = new MeetingCache();
        var id = Guid.NewGuid();
        var before = Volatile.Read(ref _loads);

        var first = await cache.GetOrLoadAsync(id, Load);
        var second = await cache.GetOrLoadAsync(id, Load);
        cache.Invalidate([id]);
        var third = await cache.GetOrLoadAsync(id, Load);

        second.ShouldBeSameAs(first);
        third.ShouldNotBeSameAs(first);
        (Volatile.Read(ref _loads) - before).ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task A_read_that_overlapped_a_change_is_not_kept()
    {
        using var cache = new MeetingCache();
        var id = Guid.NewGuid();

        // The change commits (and invalidates) while the read is still in the database.
        var stale = await cache.GetOrLoadAsync(id, async () =>
        {
            var meeting = await Load();
            cache.Invalidate([id]);
            return meeting;
        });
        var fresh = await cache.GetOrLoadAsync(id, Load);

        fresh.ShouldNotBeSameAs(stale);
    }

    [Fact]
    public async Task A_missing_meeting_is_not_remembered()
    {
        using var cache = new MeetingCache();
        var id = Guid.NewGuid();

        (await cache.GetOrLoadAsync(id, () => Task.FromResult<Meeting?>(null))).ShouldBeNull();
        (await cache.GetOrLoadAsync(id, Load)).ShouldNotBeNull();
    }
}
