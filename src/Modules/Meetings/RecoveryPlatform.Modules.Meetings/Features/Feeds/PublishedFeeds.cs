using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.IO.Hashing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

namespace RecoveryPlatform.Modules.Meetings.Features.Feeds;

/// <summary>Which feed: its format, and its organisation (null for the whole directory).</summary>
internal readonly record struct FeedKey(IFeedWriter Writer, Guid? OrganisationId);

/// <summary>
/// A feed as built: its body gzip-compressed once and kept in blocks (<see cref="BlockBuffer"/>; an uncompressed answer
/// is inflated from it as it is sent), the hash of its uncompressed bytes (the strong ETag, the same on every instance
/// for the same content), when its content last changed, and what it was built from.
/// </summary>
internal sealed record PublishedFeed(
    string ContentType,
    ReadOnlySequence<byte> Gzip,
    long Length,
    string Hash,
    DateTimeOffset LastModified,
    long Generation,
    DateTimeOffset NotesChangeAt,
    long OrganisationDetailsVersion);

/// <summary>
/// The feeds of this instance, each built once and kept until the directory changes under it: a feed is current
/// while the search index's history shows no change to its organisation's meetings since the snapshot it was built
/// from (<see cref="SearchSnapshot.MayListDifferentlyThan"/>), and its schedule notes still hold. The index follows
/// the change log of every module, so an edit made through any instance reaches every instance's feeds in the time
/// it reaches their searches.
/// </summary>
/// <remarks>
/// A feed out of date is built again in the background, one build of a feed at a time, whatever the requests that
/// wait for it do (a client that gives up does not waste the build others wait for). A request waits for a build
/// that started after it arrived, so an edit shows in the next request, for up to <c>Feeds:MaxWaitForBuild</c>
/// (2 s); past that it gets the feed built before. A whole directory's feed
/// under a stream of edits would otherwise keep every reader waiting for build after build (seconds each at 100,000
/// meetings). Feeds are rebuilt one at a time on an instance, so rebuilds never take more than one core from searches
/// (under the load harness's stream of edits, seven feeds rebuilt side by side starved them for seconds), and a feed's
/// next build starts no sooner after its last one ended than that one took. The first build of a feed, with nothing
/// before it to serve, takes no turn and is always waited for.
/// </remarks>
internal sealed partial class PublishedFeeds(
    MeetingSearchIndex index,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    ILogger<PublishedFeeds> logger)
{
    // Up to this many meetings a feed is compressed as small as gzip makes it; past it, as fast (a whole directory's
    // feed is tens of megabytes, and is built again after every edit).
    private const int SmallFeedMeetings = 5_000;

    private readonly TimeSpan _maxWaitForBuild = TimeSpan.FromSeconds(configuration.GetValue("Feeds:MaxWaitForBuild", 2.0));
    private readonly ConcurrentDictionary<FeedKey, PublishedFeed> _built = new();
    private readonly ConcurrentDictionary<FeedKey, TaskCompletionSource<PublishedFeed>> _building = new();
    private readonly ConcurrentDictionary<FeedKey, FinishedBuild> _lastBuild = new();
    private readonly SemaphoreSlim _rebuildSlot = new(1, 1);

    // Counts changes to organisations' own details (a website, a description), which the search index does not
    // follow: a feed built before the latest one is built again (they are rare; every feed goes).
    private long _organisationDetailsVersion;

    public async ValueTask<PublishedFeed> GetAsync(FeedKey key, CancellationToken cancellationToken)
    {
        var snapshot = await index.CurrentAsync(cancellationToken);
        if (CurrentOrNull(key, snapshot) is { } current)
        {
            return current;
        }

        // What a build must have started from to show everything this request could know of.
        var wanted = (snapshot.Generation, DetailsVersion: OrganisationDetailsVersion, At: clock.GetUtcNow());
        var previous = _built.GetValueOrDefault(key);
        var waitStarted = Stopwatch.GetTimestamp();
        while (true)
        {
            var build = StartOrJoinBuild(key).WaitAsync(cancellationToken);
            var left = _maxWaitForBuild - Stopwatch.GetElapsedTime(waitStarted);
            PublishedFeed built;
            try
            {
                built = previous is null ? await build : await build.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellationToken);
            }
            catch (TimeoutException)
            {
                LogServedPrevious(key.Writer.ContentType, OrganisationLabel(key.OrganisationId), _maxWaitForBuild.TotalSeconds);
                return previous!;
            }
            catch (Exception failure) when (previous is not null && failure is not OperationCanceledException)
            {
                // Logged by the build. The feed built before is better than none (the database may be back soon).
                return previous;
            }

            if (built.Generation >= wanted.Generation && built.OrganisationDetailsVersion >= wanted.DetailsVersion && built.NotesChangeAt > wanted.At)
            {
                return built;
            }

            // That build started before this request arrived; the next one starts after it. Until the bound, that is; past
            // it, the one just built is served (a first build's requests, with edits streaming in, would otherwise wait
            // build after build, spacing included: 30 s and a timeout for the whole directory at 100,000 meetings).
            previous = built;
        }
    }

    /// <summary>Whether the feed has been built on this instance (whether or not it is still current).</summary>
    public bool HasBuilt(FeedKey key) => _built.ContainsKey(key);

    /// <summary>The feed's build under way, or a new one: detached from the request, so no request's cancellation or scope reaches it.</summary>
    private Task<PublishedFeed> StartOrJoinBuild(FeedKey key)
    {
        var mine = new TaskCompletionSource<PublishedFeed>(TaskCreationOptions.RunContinuationsAsynchronously);
        var build = _building.GetOrAdd(key, mine);
        if (build == mine)
        {
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(() => BuildInBackgroundAsync(key, mine));
            }
        }

        return build.Task;
    }

    private async Task BuildInBackgroundAsync(FeedKey key, TaskCompletionSource<PublishedFeed> build)
    {
        try
        {
            if (_lastBuild.TryGetValue(key, out var last) && last.Took - Stopwatch.GetElapsedTime(last.EndedAt) is { Ticks: > 0 } rest)
            {
                await Task.Delay(rest, lifetime.ApplicationStopping);
            }

            // A feed built before waits its turn for the one rebuild slot; a first build, once per feed, does not.
            var previous = _built.GetValueOrDefault(key);
            var slot = previous is null ? null : _rebuildSlot;
            if (slot is not null)
            {
                await slot.WaitAsync(lifetime.ApplicationStopping);
            }

            PublishedFeed built;
            var started = Stopwatch.GetTimestamp();
            try
            {
                var snapshot = await index.CurrentAsync(lifetime.ApplicationStopping);
                built = await BuildAsync(key, snapshot, previous, lifetime.ApplicationStopping);
            }
            finally
            {
                slot?.Release();
            }

            _built[key] = built;
            _lastBuild[key] = new FinishedBuild(Stopwatch.GetTimestamp(), Stopwatch.GetElapsedTime(started));

            // Done before it is handed out: a request that finds this build too old starts the next one, not this one again.
            _building.TryRemove(new KeyValuePair<FeedKey, TaskCompletionSource<PublishedFeed>>(key, build));
            build.SetResult(built);
        }
        catch (Exception failure)
        {
            _building.TryRemove(new KeyValuePair<FeedKey, TaskCompletionSource<PublishedFeed>>(key, build));
            if (failure is not OperationCanceledException)
            {
                LogBuildFailed(failure, key.Writer.ContentType, OrganisationLabel(key.OrganisationId));
            }

            build.SetException(failure);

            // Seen here, so a failure no request waited for is not reported again as unobserved.
            _ = build.Task.Exception;
        }
    }

    private readonly record struct FinishedBuild(long EndedAt, TimeSpan Took);

    /// <summary>How many times organisations' own details have changed since this instance started.</summary>
    public long OrganisationDetailsVersion => Interlocked.Read(ref _organisationDetailsVersion);

    /// <summary>When this instance last heard of a change to an organisation's own details (or started).</summary>
    public DateTimeOffset OrganisationDetailsChangedAt => new(Interlocked.Read(ref _organisationDetailsChangedAtTicks), TimeSpan.Zero);

    private long _organisationDetailsChangedAtTicks = DateTimeOffset.UtcNow.UtcTicks;

    /// <summary>An organisation's own details changed (its website, its description): no feed built before is current.</summary>
    public void OrganisationDetailsChanged()
    {
        Interlocked.Exchange(ref _organisationDetailsChangedAtTicks, DateTimeOffset.UtcNow.UtcTicks);
        Interlocked.Increment(ref _organisationDetailsVersion);
    }

    private PublishedFeed? CurrentOrNull(FeedKey key, SearchSnapshot snapshot)
    {
        if (!_built.TryGetValue(key, out var feed) || clock.GetUtcNow() >= feed.NotesChangeAt
            || feed.OrganisationDetailsVersion != Interlocked.Read(ref _organisationDetailsVersion)
            || snapshot.MayListDifferentlyThan(feed.Generation, key.OrganisationId))
        {
            return null;
        }

        if (feed.Generation != snapshot.Generation)
        {
            // Still current: remembered as current for the newer snapshot, so the next request checks only what came after.
            var moved = feed with { Generation = snapshot.Generation };
            _built.TryUpdate(key, moved, feed);
            return moved;
        }

        return feed;
    }

    private async Task<PublishedFeed> BuildAsync(FeedKey key, SearchSnapshot snapshot, PublishedFeed? previous, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var now = clock.GetUtcNow();

        // Read before the details are: a change that lands during the build makes this feed out of date at once.
        var detailsVersion = Interlocked.Read(ref _organisationDetailsVersion);
        var entries = key.OrganisationId is { } organisation ? snapshot.InNameOrder().Where(e => e.OrganisationId == organisation) : snapshot.InNameOrder();
        var level = entries.Count() <= SmallFeedMeetings ? CompressionLevel.SmallestSize : CompressionLevel.Fastest;

        var compressed = new BlockBuffer();
        var listed = new ListedTally();
        HashingStream hashing;
        await using (var scope = scopes.CreateAsyncScope())
        await using (var gzip = new GZipStream(compressed, level, leaveOpen: true))
        {
            hashing = new HashingStream(gzip);
            var meetings = scope.ServiceProvider.GetRequiredService<DirectoryListings>().ReadInTurnAsync(entries, key.OrganisationId, now, cancellationToken);
            await key.Writer.WriteAsync(hashing, listed.Counting(meetings), cancellationToken);
        }

        var hash = hashing.Hash();
        var lastModified = WholeSeconds(previous is not null && previous.Hash != hash && listed.LastChange <= previous.LastModified
            // Content changed but no listed record is newer: a meeting left the feed. Now is when that was seen.
            ? now
            : listed.LastChange);

        LogBuilt(key.Writer.ContentType, OrganisationLabel(key.OrganisationId), listed.Meetings, hashing.BytesWritten, compressed.Length, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return new PublishedFeed(key.Writer.ContentType, compressed.ToSequence(), hashing.BytesWritten, hash, lastModified, snapshot.Generation, listed.NotesChangeAt, detailsVersion);
    }

    /// <summary>What a build needs to know of the meetings it listed, counted as they pass to the writer.</summary>
    private sealed class ListedTally
    {
        public int Meetings { get; private set; }

        /// <summary>The latest change to a listed meeting; the epoch when none is listed.</summary>
        public DateTimeOffset LastChange { get; private set; } = DateTimeOffset.UnixEpoch;

        /// <summary>The first instant from which a listed meeting's schedule note may read differently.</summary>
        public DateTimeOffset NotesChangeAt { get; private set; } = DateTimeOffset.MaxValue;

        public async IAsyncEnumerable<ListedMeeting> Counting(IAsyncEnumerable<ListedMeeting> meetings)
        {
            await foreach (var meeting in meetings)
            {
                LastChange = Meetings == 0 || meeting.UpdatedAt > LastChange ? meeting.UpdatedAt : LastChange;
                NotesChangeAt = meeting.ScheduleNoteChangesAt < NotesChangeAt ? meeting.ScheduleNoteChangesAt : NotesChangeAt;
                Meetings++;
                yield return meeting;
            }
        }
    }

    /// <summary>How the logs name a feed's organisation: its id, or "all" for the whole directory's.</summary>
    private static string OrganisationLabel(Guid? organisationId) => organisationId?.ToString() ?? "all";

    private static DateTimeOffset WholeSeconds(DateTimeOffset instant) => new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The {ContentType} feed of {Organisation} took longer than {Seconds} s to build again; the one built before was served.")]
    private partial void LogServedPrevious(string contentType, string organisation, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Building the {ContentType} feed of {Organisation} failed; requests get the one built before, if there is one.")]
    private partial void LogBuildFailed(Exception failure, string contentType, string organisation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Built the {ContentType} feed of {Organisation}: {Meetings} meetings, {Bytes} bytes ({CompressedBytes} gzip) in {Milliseconds:F0} ms.")]
    private partial void LogBuilt(string contentType, string organisation, int meetings, long bytes, long compressedBytes, double milliseconds);

    /// <summary>Counts and hashes what is written through it on its way to <paramref name="inner"/>.</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly XxHash128 _hash = new();

        public long BytesWritten { get; private set; }

        public string Hash() => Convert.ToHexStringLower(_hash.GetCurrentHash());

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.Append(buffer);
            BytesWritten += buffer.Length;
            inner.Write(buffer);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _hash.Append(buffer.Span);
            BytesWritten += buffer.Length;
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => BytesWritten;

        public override long Position { get => BytesWritten; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
