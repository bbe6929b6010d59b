using System.Diagnostics.Metrics;
using RecoveryPlatform.SharedKernel.Telemetry;

namespace RecoveryPlatform.Modules.Webhooks.Delivery;

/// <summary>
/// Webhook deliveries and their failures. Tagged with a bounded reason (the receiver's status class, or no response),
/// never the receiver's address: a subscriber's URL is theirs, and a tag per URL would grow without bound.
/// </summary>
internal sealed class WebhookMetrics
{
    public const string MeterName = $"{PlatformTelemetry.NamePrefix}.Webhooks";

    private readonly Counter<long> _delivered;
    private readonly Counter<long> _failures;

    public WebhookMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _delivered = meter.CreateCounter<long>("recoveryplatform.webhooks.delivered", "{delivery}", "Webhook deliveries a receiver accepted (2xx).");
        _failures = meter.CreateCounter<long>(
            "recoveryplatform.webhooks.delivery_failures", "{attempt}",
            "Failed webhook delivery attempts, by reason (http-4xx, http-5xx, no-response) and whether the delivery was given up.");
    }

    public void Delivered() => _delivered.Add(1);

    public void Failed(int? statusCode, bool givenUp) =>
        _failures.Add(
            1,
            new KeyValuePair<string, object?>("reason", statusCode switch { null => "no-response", >= 500 => "http-5xx", >= 400 => "http-4xx", _ => "http-other" }),
            new KeyValuePair<string, object?>("given_up", givenUp));
}
