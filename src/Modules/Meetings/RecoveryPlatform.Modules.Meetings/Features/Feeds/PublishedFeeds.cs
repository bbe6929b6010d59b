using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.IO.Hashing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

namespace RecoveryPlatform.Modules.Meetings.Features.Feeds;

/// <summary>Which feed: its format, and its organisation (null for the whole directory).</summary>
internal readonly record struct FeedKey(IFeedWriter Writer, Guid? OrganisationId);

/// <summary>
/// A feed as built: its body gzip-compressed once (an uncompressed answer is inflated from it as it is sent), the
/// hash of its uncompressed bytes (the strong ETag, the same on every instance for the same content), when its
/// content last changed, and what it was built from.
/// </summary>
internal sealed record PublishedFeed(
    string ContentType,
    byte[] Gzip,
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
/// it reaches their searches. One build of a feed at a time: concurrent requests wait for it and share it.
/// </summary>
internal sealed partial class PublishedFeeds(MeetingSearchIndex index, IServiceScopeFactory scopes, TimeProvider clock, ILogger<PublishedFeeds> logger)
{
    // Up to this many meetings a feed is compressed as small as gzip makes it; past it, as fast (a whole directory's
    // feed is tens of megabytes, and is built again after every edit).
    private const int SmallFeedMeetings = 5_000;

    private readonly ConcurrentDictionary<FeedKey, PublishedFeed> _built = new();

    // Counts changes to organisations' own details (a website, a description), which the search index does not
    // follow: a feed built before the latest one is built again (they are rare; every feed goes).
    private long _organisationDetailsVersion;
    private readonly ConcurrentDictionary<FeedKey, SemaphoreSlim> _building = new();

    public async ValueTask<PublishedFeed> GetAsync(FeedKey key, CancellationToken cancellationToken)
    {
        var snapshot = await index.CurrentAsync(cancellationToken);
        if (CurrentOrNull(key, snapshot) is { } current)
        {
            return current;
        }

        var gate = _building.GetOrAdd(key, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Built by the request this one waited for, unless the directory changed again meanwhile.
            snapshot = await index.CurrentAsync(cancellationToken);
            if (CurrentOrNull(key, snapshot) is { } builtMeanwhile)
            {
                return builtMeanwhile;
            }

            var built = await BuildAsync(key, snapshot, _built.GetValueOrDefault(key), cancellationToken);
            _built[key] = built;
            return built;
        }
        finally
        {
            gate.Release();
        }
    }

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
        IReadOnlyList<SearchEntry> entries = key.OrganisationId is { } organisation ? snapshot.InNameOrder().Where(e => e.OrganisationId == organisation).ToList() : snapshot.InNameOrder();

        DirectoryListing listing;
        await using (var scope = scopes.CreateAsyncScope())
        {
            listing = await scope.ServiceProvider.GetRequiredService<DirectoryListings>().ReadAsync(entries, key.OrganisationId, now, cancellationToken);
        }

        using var compressed = new MemoryStream();
        HashingStream hashing;
        var level = listing.Meetings.Count <= SmallFeedMeetings ? CompressionLevel.SmallestSize : CompressionLevel.Fastest;
        await using (var gzip = new GZipStream(compressed, level, leaveOpen: true))
        {
            hashing = new HashingStream(gzip);
            await key.Writer.WriteAsync(hashing, listing, cancellationToken);
        }

        var hash = hashing.Hash();
        var lastChange = listing.Meetings.Count == 0 ? DateTimeOffset.UnixEpoch : listing.Meetings.Max(m => m.UpdatedAt);
        var lastModified = WholeSeconds(previous is not null && previous.Hash != hash && lastChange <= previous.LastModified
            // Content changed but no listed record is newer: a meeting left the feed. Now is when that was seen.
            ? now
            : lastChange);

        LogBuilt(key.Writer.ContentType, key.OrganisationId?.ToString() ?? "all", listing.Meetings.Count, hashing.BytesWritten, compressed.Length, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return new PublishedFeed(key.Writer.ContentType, compressed.ToArray(), hashing.BytesWritten, hash, lastModified, snapshot.Generation, listing.NotesChangeAt, detailsVersion);
    }

    private static DateTimeOffset WholeSeconds(DateTimeOffset instant) => new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

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
