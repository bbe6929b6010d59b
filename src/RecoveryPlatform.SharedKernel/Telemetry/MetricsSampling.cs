using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RecoveryPlatform.SharedKernel.Telemetry;

/// <summary>
/// A source of gauges that must be read from a database (an outbox's backlog, referrals by status): the values are
/// sampled at an interval into memory, and the gauges report the last sample, because a gauge's callback runs on the
/// exporter's thread and must not wait on a database.
/// </summary>
public interface IMetricsSampler
{
    Task SampleAsync(IServiceProvider scopedServices, CancellationToken cancellationToken);
}

/// <summary>
/// Runs every <see cref="IMetricsSampler"/> at an interval, each in a scope of its own. The host registers it only when
/// metrics are exported, so an instance nobody watches does no work for them.
/// </summary>
public sealed partial class MetricsSampling(IServiceScopeFactory scopes, IEnumerable<IMetricsSampler> samplers, TimeSpan interval, ILogger<MetricsSampling> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval);
        do
        {
            foreach (var sampler in samplers)
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await sampler.SampleAsync(scope.ServiceProvider, stoppingToken);
                }
                catch (ObjectDisposedException)
                {
                    // The host was torn down without being stopped first (a test host, say).
                    return;
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // The database checks report the database; the gauges keep their last values.
                    LogSampleFailed(sampler.GetType().Name, exception.GetType().Name);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Sampler} could not sample its metrics ({ExceptionType})")]
    private partial void LogSampleFailed(string sampler, string exceptionType);
}

public static class MetricsSamplingRegistration
{
    /// <summary>Samples the database-backed gauges every <paramref name="interval"/>.</summary>
    public static IServiceCollection AddMetricsSampling(this IServiceCollection services, TimeSpan interval) =>
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<MetricsSampling>(sp, interval));
}
