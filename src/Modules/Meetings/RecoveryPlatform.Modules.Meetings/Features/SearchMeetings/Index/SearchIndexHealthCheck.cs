using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;

/// <summary>
/// Readiness of search on this instance: unhealthy until a snapshot is loaded (an instance without one
/// cannot answer a search), degraded while one is being rebuilt after missed changes (it answers, from the
/// previous snapshot), with the snapshot's size and overlay in the report.
/// </summary>
internal sealed class SearchIndexHealthCheck(MeetingSearchIndex index) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (loaded, stale, meetings, overlay) = index.State;
        var data = new Dictionary<string, object> { ["meetings"] = meetings, ["overlay"] = overlay, ["stale"] = stale };
        return Task.FromResult(
            !loaded ? HealthCheckResult.Unhealthy("The meeting search index is not loaded yet.", data: data)
            : stale ? HealthCheckResult.Degraded("The meeting search index missed changes and is being rebuilt; searches answer from the previous snapshot.", data: data)
            : HealthCheckResult.Healthy("The meeting search index is loaded and following the change log.", data));
    }
}
