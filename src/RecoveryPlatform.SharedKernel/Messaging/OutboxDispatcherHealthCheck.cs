using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace RecoveryPlatform.SharedKernel.Messaging;

/// <summary>
/// Readiness of this instance's outbox dispatcher: healthy while its loop runs and finishes rounds (whether or not it
/// holds a module's lease, and whether or not the database answered: the database checks say that), unhealthy once the
/// loop has ended or has not finished a round within <see cref="OutboxOptions.DispatcherStallBound"/>. An instance with
/// dispatch switched off (<see cref="OutboxOptions.DispatchEnabled"/>) is healthy and says so.
/// </summary>
public sealed class OutboxDispatcherHealthCheck(ChangeLogProgress progress, IOptions<OutboxOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var bound = options.Value.DispatcherStallBound;
        if (!options.Value.DispatchEnabled)
        {
            return Task.FromResult(HealthCheckResult.Healthy("Dispatch is switched off on this instance (Outbox:DispatchEnabled); another instance dispatches."));
        }

        var sinceRound = progress.SinceDispatcherRound;
        var data = new Dictionary<string, object> { ["boundSeconds"] = bound.TotalSeconds };
        if (sinceRound is { } since)
        {
            data["lastRoundSecondsAgo"] = Math.Round(since.TotalSeconds, 1);
        }

        return Task.FromResult(
            !progress.DispatcherRunning && sinceRound is not null ? HealthCheckResult.Unhealthy("The outbox dispatcher has stopped.", data: data)
            : sinceRound is null ? HealthCheckResult.Unhealthy("The outbox dispatcher has not finished its first round yet.", data: data)
            : sinceRound > bound ? HealthCheckResult.Unhealthy($"The outbox dispatcher has not finished a round for {sinceRound.Value.TotalSeconds:0} s.", data: data)
            : HealthCheckResult.Healthy("The outbox dispatcher is running.", data));
    }
}
