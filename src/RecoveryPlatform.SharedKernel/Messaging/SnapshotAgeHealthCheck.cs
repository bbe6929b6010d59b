using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace RecoveryPlatform.SharedKernel.Messaging;

/// <summary>
/// Readiness of this instance's read models as a whole: unhealthy until the change-log follower has first read every
/// module's log to the end, and again whenever that was longer ago than <see cref="OutboxOptions.SnapshotAgeBound"/>
/// (the database is away, or the follower is stuck), so a load balancer stops sending searches to an instance that
/// cannot confirm its answers are current.
/// </summary>
public sealed class SnapshotAgeHealthCheck(ChangeLogProgress progress, IOptions<OutboxOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var bound = options.Value.SnapshotAgeBound;
        if (progress.SnapshotAge is not { } age)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("This instance has not yet read the change log to its end."));
        }

        var data = new Dictionary<string, object> { ["ageSeconds"] = Math.Round(age.TotalSeconds, 1), ["boundSeconds"] = bound.TotalSeconds };
        return Task.FromResult(age > bound
            ? HealthCheckResult.Unhealthy($"This instance last confirmed its read models current {age.TotalSeconds:0} s ago, more than the bound of {bound.TotalSeconds:0} s.", data: data)
            : HealthCheckResult.Healthy($"This instance confirmed its read models current {age.TotalSeconds:0.0} s ago.", data));
    }
}
