using System.Diagnostics.Metrics;
using RecoveryPlatform.SharedKernel.Persistence;
using RecoveryPlatform.SharedKernel.Telemetry;

namespace RecoveryPlatform.SharedKernel.Messaging;

/// <summary>What one module's outbox held when last sampled.</summary>
/// <param name="LastSequence">The newest change committed, by any instance.</param>
/// <param name="Pending">Events not yet delivered to every handler (and not given up).</param>
/// <param name="OldestPendingAt">When the oldest of them was committed; null when none is pending.</param>
public sealed record OutboxSample(long LastSequence, int Pending, DateTimeOffset? OldestPendingAt);

/// <summary>
/// The outbox's and the read models' metrics, per instance: the backlog of undelivered events and the age of the oldest
/// (a stuck dispatcher or a failing handler), how far this instance's read models are behind the change log and how
/// long ago they were last confirmed current, and delivery failures. The backlog and lag are sampled from the database
/// from the database (<see cref="IMetricsSampler"/>), only when metrics are exported.
/// </summary>
public sealed class OutboxMetrics : IMetricsSampler
{
    private static readonly IReadOnlyDictionary<string, OutboxSample> NoSamples = new Dictionary<string, OutboxSample>();

    private readonly Counter<long> _deliveryFailures;
    private readonly ChangeLogProgress _progress;
    private readonly TimeProvider _clock;
    private volatile IReadOnlyDictionary<string, OutboxSample> _samples = NoSamples;

    private readonly IModuleDatabase[] _databases;

    public OutboxMetrics(IMeterFactory meters, IEnumerable<IModuleDatabase> databases, ChangeLogProgress progress, TimeProvider clock)
    {
        _databases = databases.ToArray();
        _progress = progress;
        _clock = clock;
        var meter = meters.Create(PlatformTelemetry.OutboxMeter);
        _deliveryFailures = meter.CreateCounter<long>(
            "recoveryplatform.outbox.delivery_failures", "{attempt}", "Failed attempts to deliver an event to its handlers, by module and event type.");
        meter.CreateObservableGauge(
            "recoveryplatform.outbox.backlog", () => PerModule(sample => sample.Pending), "{event}", "Events committed but not yet delivered to every handler, by module.");
        meter.CreateObservableGauge(
            "recoveryplatform.outbox.oldest_pending_age", () => PerModule(OldestPendingAge), "s", "How long the oldest undelivered event has waited, by module (0 when none waits).");
        meter.CreateObservableGauge(
            "recoveryplatform.change_log.lag", () => PerModule(Lag), "{event}", "Changes committed (by any instance) that this instance's read models have not applied yet, by module.");
        meter.CreateObservableGauge(
            "recoveryplatform.read_models.age", ReadModelsAge, "s", "Time since this instance last read every module's change log to its end and applied it.");
    }

    /// <summary>Three small indexed queries per module's outbox.</summary>
    public async Task SampleAsync(IServiceProvider scopedServices, CancellationToken cancellationToken)
    {
        var samples = new Dictionary<string, OutboxSample>(StringComparer.Ordinal);
        foreach (var database in _databases)
        {
            samples[database.Schema] = await OutboxStore.SampleAsync(database.ContextIn(scopedServices), cancellationToken);
        }

        _samples = samples;
    }

    internal void RecordDeliveryFailure(string module, string eventType) =>
        _deliveryFailures.Add(1, new KeyValuePair<string, object?>("module", module), new KeyValuePair<string, object?>("event_type", eventType));

    private IEnumerable<Measurement<double>> ReadModelsAge()
    {
        if (_progress.SnapshotAge is { } age)
        {
            yield return new Measurement<double>(age.TotalSeconds);
        }
    }

    private double OldestPendingAge(OutboxSample sample) =>
        sample.OldestPendingAt is { } oldest ? Math.Max(0, (_clock.GetUtcNow() - oldest).TotalSeconds) : 0;

    private long Lag(string module, OutboxSample sample) => Math.Max(0, sample.LastSequence - _progress.AppliedThrough(module));

    private IEnumerable<Measurement<T>> PerModule<T>(Func<OutboxSample, T> value)
        where T : struct =>
        PerModule((_, sample) => value(sample));

    private IEnumerable<Measurement<T>> PerModule<T>(Func<string, OutboxSample, T> value)
        where T : struct =>
        _samples.Select(pair => new Measurement<T>(value(pair.Key, pair.Value), new KeyValuePair<string, object?>("module", pair.Key)));
}
