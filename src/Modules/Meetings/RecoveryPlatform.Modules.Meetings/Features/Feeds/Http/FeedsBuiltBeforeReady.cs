using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RecoveryPlatform.Modules.Meetings.Features.Feeds.Csv;
using RecoveryPlatform.Modules.Meetings.Features.Feeds.MeetingGuide;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.SharedKernel.Modules;

namespace RecoveryPlatform.Modules.Meetings.Features.Feeds.Http;

/// <summary>
/// Once the instance has started, builds every published feed (the whole directory's Meeting Guide feed, and each
/// active organisation's Meeting Guide feed and CSV) one after another, and reports the <c>feeds</c> readiness check
/// unhealthy until it is done. A restarted instance otherwise built them on the first requests after it turned ready,
/// all side by side: at 100,000 meetings, seconds of both cores in which searches waited too (docs/performance.md).
/// Only for a directory of at least <c>Feeds:BuildBeforeReadyFromMeetings</c> (5,000) meetings: a small one's feeds
/// take milliseconds on demand; a negative value turns it off.
/// </summary>
/// <remarks>
/// A build that fails (the database away) is logged by <see cref="PublishedFeeds"/> and skipped: the instance still
/// turns ready, and the feed is built on its first request, as without this.
/// </remarks>
internal sealed partial class FeedsBuiltBeforeReady(
    MeetingSearchIndex index,
    PublishedFeeds feeds,
    IServiceScopeFactory scopes,
    IHostApplicationLifetime lifetime,
    IConfiguration configuration,
    ILogger<FeedsBuiltBeforeReady> logger) : BackgroundService, IHealthCheck
{
    private volatile bool _done;
    private int _built;
    private int _toBuild;

    /// <summary>What was built, once it is done; null when there was nothing to do.</summary>
    public BuildRun? LastRun { get; private set; }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["built"] = Volatile.Read(ref _built), ["toBuild"] = Volatile.Read(ref _toBuild) };
        return Task.FromResult(_done
            ? HealthCheckResult.Healthy("The published feeds were built before taking traffic, or are built on their first request.", data)
            : HealthCheckResult.Unhealthy("Building the published feeds before taking traffic.", data: data));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // After start-up's tasks, which load the search index.
        if (!await lifetime.WhenStartedAsync(stoppingToken))
        {
            return;
        }

        try
        {
            var smallest = configuration.GetValue("Feeds:BuildBeforeReadyFromMeetings", 5_000);
            if (smallest < 0 || !index.State.Loaded || index.State.Meetings < smallest)
            {
                return;
            }

            var keys = await KeysAsync(stoppingToken);
            Volatile.Write(ref _toBuild, keys.Count);
            var started = Stopwatch.StartNew();
            var failed = 0;
            foreach (var key in keys)
            {
                try
                {
                    await feeds.GetAsync(key, stoppingToken);
                    Interlocked.Increment(ref _built);
                }
                catch (Exception failure) when (failure is not OperationCanceledException)
                {
                    failed++;
                }
            }

            LastRun = new BuildRun(Volatile.Read(ref _built), failed, started.Elapsed);
            LogBuilt(LastRun.Built, failed, started.Elapsed.TotalMilliseconds);

            // The builds left a heap grown under them, all garbage now but the compressed feeds: handed back before
            // readiness lets traffic in, as after the index's load.
            await StartupHeap.CompactAsync(stoppingToken);
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogFailed(failure);
        }
        finally
        {
            _done = true;
        }
    }

    /// <summary>The whole directory's feed first (the one every mirror of it reads), then each active organisation's.</summary>
    private async Task<List<FeedKey>> KeysAsync(CancellationToken cancellationToken)
    {
        var snapshot = await index.CurrentAsync(cancellationToken);
        var listedOrganisations = snapshot.InNameOrder().Select(entry => entry.OrganisationId).Distinct().ToList();
        IReadOnlyDictionary<Guid, OrganisationListing> organisations;
        await using (var scope = scopes.CreateAsyncScope())
        {
            organisations = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GetOrganisationListingsQuery(listedOrganisations), cancellationToken);
        }

        var keys = new List<FeedKey> { new(MeetingGuideWriter.Instance, null) };
        foreach (var organisation in organisations.Values.Where(o => o.Status == OrganisationStatus.Active).OrderBy(o => o.Slug, StringComparer.Ordinal))
        {
            keys.Add(new FeedKey(MeetingGuideWriter.Instance, organisation.Id));
            keys.Add(new FeedKey(MeetingsCsvWriter.Instance, organisation.Id));
        }

        return keys;
    }

    /// <summary>Feeds built, builds that failed, and how long it took.</summary>
    public sealed record BuildRun(int Built, int Failed, TimeSpan Took);

    [LoggerMessage(Level = LogLevel.Information, Message = "Built {Built} published feeds before taking traffic ({Failed} failed) in {Milliseconds:0} ms")]
    private partial void LogBuilt(int built, int failed, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Building the published feeds before taking traffic failed; each is built on its first request.")]
    private partial void LogFailed(Exception failure);
}
