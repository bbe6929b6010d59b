namespace RecoveryPlatform.Modules.Webhooks;

/// <summary>How webhooks are signed, sent and retried. Bound from <c>RecoveryPlatform:Webhooks</c>.</summary>
public sealed class WebhooksOptions
{
    public const string SectionName = "RecoveryPlatform:Webhooks";

    /// <summary>
    /// Keys that seal the subscriptions' signing secrets at rest (AES-GCM), by id: 32 random bytes each, base64.
    /// New secrets are sealed with <see cref="ActiveKeyId"/>; older keys stay here to open what they sealed.
    /// </summary>
    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The key new secrets are sealed with; it must be one of <see cref="Keys"/>.</summary>
    public string? ActiveKeyId { get; set; }

    /// <summary>Send deliveries from this instance (one instance at a time does, under a database lease).</summary>
    public bool DispatchEnabled { get; set; } = true;

    /// <summary>How often the dispatcher looks for new events and due deliveries.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one attempt may take, connection included, before it counts as failed.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait before the first retry; each later one doubles it (with jitter), up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Attempts of one delivery before it is given up (the default spans about a day).</summary>
    public int MaxAttempts { get; set; } = 30;

    /// <summary>Failed attempts in a row, across a subscription's deliveries, after which it is disabled.</summary>
    public int DisableAfterConsecutiveFailures { get; set; } = 50;

    /// <summary>Change-log rows read per module per round of the fan-out.</summary>
    public int FanOutBatchSize { get; set; } = 500;

    /// <summary>Deliveries sent per round, at most <see cref="SendConcurrency"/> at a time.</summary>
    public int SendBatchSize { get; set; } = 50;

    public int SendConcurrency { get; set; } = 8;

    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);
}
