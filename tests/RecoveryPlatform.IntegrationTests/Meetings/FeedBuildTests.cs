using System.Buffers;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.Modules.Meetings.Features.Feeds;

namespace RecoveryPlatform.IntegrationTests.Meetings;

/// <summary>
/// How an instance builds its feeds while the directory changes (a whole directory's feed takes seconds to build at
/// 100,000 meetings): one build at a time, shared by every request waiting for it and not cancelled with any of them;
/// an edit shown in the next request; past <c>Feeds:MaxWaitForBuild</c> (2 s) the feed built before. A writer held
/// at a gate stands in for a slow build.
/// </summary>
public abstract class FeedBuildTests<TFactory>(TFactory api) : ApiTest<TFactory>(api)
    where TFactory : ApiFactory
{
    private static readonly TimeSpan MaxWaitForBuild = TimeSpan.FromSeconds(2);

    private PublishedFeeds Feeds => Api.Services.GetRequiredService<PublishedFeeds>();

    [Fact]
    public async Task Requests_arriving_during_a_first_build_wait_for_it_and_share_it()
    {
        var writer = new GatedWriter();
        var key = new FeedKey(writer, null);

        var requests = Enumerable.Range(0, 8).Select(_ => Feeds.GetAsync(key, Cancellation).AsTask()).ToList();
        await writer.Started(1);
        await Task.Delay(MaxWaitForBuild + TimeSpan.FromMilliseconds(500), Cancellation);
        requests.ShouldAllBe(request => !request.IsCompleted, "with nothing built before, a request waits for the first build however long it takes");

        writer.Open();
        var feeds = await Task.WhenAll(requests);
        feeds.Select(Body).Distinct().ShouldBe(["build 1"]);
        writer.Builds.ShouldBe(1);
    }

    [Fact]
    public async Task A_request_that_gives_up_does_not_cancel_the_build_others_wait_for()
    {
        var writer = new GatedWriter();
        var key = new FeedKey(writer, null);

        using var givesUp = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var first = Feeds.GetAsync(key, givesUp.Token).AsTask();
        await writer.Started(1);
        await givesUp.CancelAsync();
        (await Record.ExceptionAsync(() => first)).ShouldBeAssignableTo<OperationCanceledException>();

        var second = Feeds.GetAsync(key, Cancellation).AsTask();
        writer.Open();
        Body(await second).ShouldBe("build 1");
        writer.Builds.ShouldBe(1, "the second request joined the build the first one started");
    }

    [Fact]
    public async Task After_an_edit_the_next_request_gets_a_build_that_started_after_it_arrived()
    {
        var writer = new GatedWriter();
        var key = new FeedKey(writer, null);

        var (before, after) = await RequestsBeforeAndAfterAChangeDuringTheFirstBuildAsync(writer, key);

        Body(await before).ShouldBe("build 1");
        Body(await after).ShouldBe("build 2");
        writer.Builds.ShouldBe(2);
    }

    [Fact]
    public async Task A_request_that_arrived_during_a_first_build_too_old_for_it_waits_no_longer_than_the_bound_for_the_next()
    {
        var writer = new GatedWriter { HoldFrom = 2 };
        var key = new FeedKey(writer, null);

        var (before, after) = await RequestsBeforeAndAfterAChangeDuringTheFirstBuildAsync(writer, key);

        try
        {
            Body(await before).ShouldBe("build 1");
            var served = await after.WaitAsync(MaxWaitForBuild + TimeSpan.FromSeconds(5), Cancellation);
            Body(served).ShouldBe("build 1", "the build that could show the change is held: past the bound the one built since the request arrived is served");
            await writer.Started(2);
        }
        finally
        {
            // The held build has the one rebuild slot: the other tests need it back.
            writer.ReleaseHeld();
        }

        Body(await Feeds.GetAsync(key, Cancellation)).ShouldBe("build 2");
    }

    [Fact]
    public async Task A_rebuild_slower_than_the_bound_serves_the_feed_built_before_and_the_next_request_gets_the_new_one()
    {
        var writer = new GatedWriter();
        var key = new FeedKey(writer, null);
        writer.Open();
        var built = await Feeds.GetAsync(key, Cancellation);

        writer.Close();
        Feeds.OrganisationDetailsChanged();
        var waited = Stopwatch.StartNew();
        var served = await Feeds.GetAsync(key, Cancellation);
        waited.Stop();

        served.Hash.ShouldBe(built.Hash);
        Body(served).ShouldBe("build 1");
        waited.Elapsed.ShouldBeGreaterThanOrEqualTo(MaxWaitForBuild - TimeSpan.FromMilliseconds(100), "it waited for the build first");
        await writer.Started(2);

        writer.Open();
        var rebuilt = await Feeds.GetAsync(key, Cancellation);
        Body(rebuilt).ShouldBe("build 2");
        writer.Builds.ShouldBe(2, "the request that was served the old feed did not start a build of its own");
    }

    [Fact]
    public async Task A_rebuild_that_fails_serves_the_feed_built_before_and_the_next_request_builds_again()
    {
        var writer = new GatedWriter();
        var key = new FeedKey(writer, null);
        writer.Open();
        Body(await Feeds.GetAsync(key, Cancellation)).ShouldBe("build 1");

        writer.FailNext();
        Feeds.OrganisationDetailsChanged();
        Body(await Feeds.GetAsync(key, Cancellation)).ShouldBe("build 1");

        Body(await Feeds.GetAsync(key, Cancellation)).ShouldBe("build 3");
        writer.Builds.ShouldBe(3);
    }

    /// <summary>
    /// A request that starts the first build; a change to an organisation's details while that build runs (it cannot
    /// show the change); a request after the change; then the gate opened.
    /// </summary>
    private async Task<(Task<PublishedFeed> Before, Task<PublishedFeed> After)> RequestsBeforeAndAfterAChangeDuringTheFirstBuildAsync(GatedWriter writer, FeedKey key)
    {
        var before = Feeds.GetAsync(key, Cancellation).AsTask();
        await writer.Started(1);
        Feeds.OrganisationDetailsChanged();
        var after = Feeds.GetAsync(key, Cancellation).AsTask();
        writer.Open();
        return (before, after);
    }

    private static string Body(PublishedFeed feed)
    {
        using var inflating = new GZipStream(new MemoryStream(feed.Gzip.ToArray()), CompressionMode.Decompress);
        using var reader = new StreamReader(inflating, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>Writes "build N" once let through; counts its builds and can fail one.</summary>
    private sealed class GatedWriter : IFeedWriter
    {
        private readonly Lock _lock = new();
        private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _builds;
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _failNext;

        public string ContentType => "text/plain";

        public int Builds => Volatile.Read(ref _builds);

        public void Open()
        {
            lock (_lock)
            {
                _gate.TrySetResult();
            }
        }

        public void Close()
        {
            lock (_lock)
            {
                _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        public void FailNext() => _failNext = true;

        /// <summary>Builds from this one on wait, whether the gate is open or not, until <see cref="ReleaseHeld"/>.</summary>
        public int HoldFrom { get; init; } = int.MaxValue;

        public void ReleaseHeld() => _held.TrySetResult();

        /// <summary>Waits until the given number of builds have reached the writer.</summary>
        public async Task Started(int builds)
        {
            while (Builds < builds)
            {
                await Task.Delay(10, Cancellation);
            }
        }

        public async Task WriteAsync(Stream output, IAsyncEnumerable<ListedMeeting> meetings, CancellationToken cancellationToken)
        {
            var build = Interlocked.Increment(ref _builds);
            Task gate;
            lock (_lock)
            {
                gate = _gate.Task;
            }

            await gate.WaitAsync(cancellationToken);
            if (build >= HoldFrom)
            {
                await _held.Task.WaitAsync(cancellationToken);
            }

            if (_failNext)
            {
                _failNext = false;
                throw new IOException("The database went away.");
            }

            await output.WriteAsync(Encoding.UTF8.GetBytes($"build {build}"), cancellationToken);
        }
    }
}

public sealed class FeedBuildTestsOnSqlite(SqliteApiFactory api) : FeedBuildTests<SqliteApiFactory>(api);
