namespace RecoveryPlatform.Modules.Webhooks.Domain;

internal enum DeliveryStatus
{
    /// <summary>Waiting for its first attempt or its next retry.</summary>
    Pending,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>Given up after the configured number of attempts.</summary>
    Failed,
}

/// <summary>
/// One event for one subscription, and the state of sending it. Its <see cref="Id"/> is the <c>webhook-id</c> the
/// receiver de-duplicates on: the same on every attempt. The body is fixed when the row is written, so every
/// attempt sends (and signs) the same bytes; the retry schedule lives here too, so a restart resumes it.
/// </summary>
internal sealed class WebhookDelivery
{
    public const int TypeMaxLength = 64;
    public const int KindMaxLength = 32;
    public const int LastErrorMaxLength = 300;

    private WebhookDelivery()
    {
    }

    /// <summary>Numbers deliveries in the order they were written: a subscriber's deliveries about one resource go out in this order.</summary>
    public long Sequence { get; private set; }

    public Guid Id { get; private set; }

    public Guid SubscriptionId { get; private set; }

    /// <summary>The event in its module's change log (a random id for a test delivery): with the subscription, unique.</summary>
    public Guid EventId { get; private set; }

    public string EventType { get; private set; } = string.Empty;

    public string ResourceKind { get; private set; } = string.Empty;

    public Guid ResourceId { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    /// <summary>The JSON body sent, ids only.</summary>
    public string Payload { get; private set; } = string.Empty;

    public DeliveryStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public DateTimeOffset? LastAttemptAt { get; private set; }

    public int? LastStatusCode { get; private set; }

    /// <summary>What went wrong last, in the platform's words (a status code, a timeout, a refused address): never the receiver's body.</summary>
    public string? LastError { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public static WebhookDelivery Create(Guid id, Guid subscriptionId, Guid eventId, string eventType, string resourceKind, Guid resourceId, DateTimeOffset occurredAt, string payload, DateTimeOffset now) => new()
    {
        Id = id,
        SubscriptionId = subscriptionId,
        EventId = eventId,
        EventType = eventType,
        ResourceKind = resourceKind,
        ResourceId = resourceId,
        OccurredAt = occurredAt,
        Payload = payload,
        Status = DeliveryStatus.Pending,
        NextAttemptAt = now,
        CreatedAt = now,
    };

    public void Succeeded(int statusCode, DateTimeOffset now)
    {
        Attempts++;
        Status = DeliveryStatus.Delivered;
        LastAttemptAt = now;
        DeliveredAt = now;
        LastStatusCode = statusCode;
        LastError = null;
    }

    /// <summary>Records a failed attempt and when to try again; past <paramref name="maxAttempts"/> the delivery is given up.</summary>
    public void AttemptFailed(int? statusCode, string error, DateTimeOffset nextAttemptAt, int maxAttempts, DateTimeOffset now)
    {
        Attempts++;
        LastAttemptAt = now;
        LastStatusCode = statusCode;
        LastError = error.Length <= LastErrorMaxLength ? error : error[..LastErrorMaxLength];
        if (Attempts >= maxAttempts)
        {
            Status = DeliveryStatus.Failed;
            return;
        }

        NextAttemptAt = nextAttemptAt;
    }
}

/// <summary>How far the fan-out has read one module's change log: advanced in the transaction that writes the deliveries of what it read.</summary>
internal sealed class FanOutPosition
{
    public const int ModuleMaxLength = 64;

    private FanOutPosition()
    {
    }

    public string Module { get; private set; } = string.Empty;

    public long Position { get; private set; }

    public static FanOutPosition At(string module, long position) => new() { Module = module, Position = position };

    public void MoveTo(long position) => Position = position;
}
