using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.SharedKernel.Messaging;

/// <summary>
/// How far this instance's read models (search, caches) are behind the database: for each module, the
/// changes committed (by any instance) that the change-log follower has not applied here yet. Reported
/// with readiness; healthy while the follower keeps up, degraded when it is more than a batch behind.
/// </summary>
public sealed class ChangeLogLagHealthCheck(IServiceScopeFactory scopes, IEnumerable<IModuleDatabase> databases, ChangeLogProgress progress, Microsoft.Extensions.Options.IOptions<OutboxOptions> options)
    : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>();
        long behind = 0;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            foreach (var database in databases)
            {
                var lag = Math.Max(0, await OutboxStore.LastSequenceAsync(database.ContextIn(scope.ServiceProvider), cancellationToken) - progress.AppliedThrough(database.Schema));
                data[database.Schema] = lag;
                behind += lag;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The database check says why; the text of the exception could name servers.
            return HealthCheckResult.Unhealthy("The change log cannot be read.");
        }

        data["total"] = behind;
        return behind > options.Value.BatchSize
            ? HealthCheckResult.Degraded($"This instance is {behind} changes behind the database.", data: data)
            : HealthCheckResult.Healthy($"This instance is {behind} changes behind the database.", data);
    }
}
