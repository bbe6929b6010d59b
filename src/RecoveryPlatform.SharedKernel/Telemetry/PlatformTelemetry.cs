using System.Diagnostics;

namespace RecoveryPlatform.SharedKernel.Telemetry;

/// <summary>
/// The names under which the platform reports traces and metrics. Every activity source and meter of ours is named
/// <c>RecoveryPlatform.*</c>, so the host subscribes to them all with one wildcard, whatever module adds one.
/// Nothing reported under these names carries personal data, message bodies or secrets: only names, counts, durations
/// and bounded kinds.
/// </summary>
public static class PlatformTelemetry
{
    public const string NamePrefix = "RecoveryPlatform";

    /// <summary>One span per command, query and event handled through the mediator, named after the message type.</summary>
    public static readonly ActivitySource Messages = new($"{NamePrefix}.Messages");

    /// <summary>Outbox dispatch and change-log following: one span per event delivered and per batch applied to the read models.</summary>
    public static readonly ActivitySource Outbox = new($"{NamePrefix}.Outbox");

    /// <summary>The meter of the outbox and the read models (<see cref="Messaging.OutboxMetrics"/>).</summary>
    public const string OutboxMeter = $"{NamePrefix}.Outbox";
}
