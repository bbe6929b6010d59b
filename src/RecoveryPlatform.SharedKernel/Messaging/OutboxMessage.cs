using System.Text.Json;
using System.Text.Json.Serialization;
using RecoveryPlatform.SharedKernel.Identifiers;

namespace RecoveryPlatform.SharedKernel.Messaging;

/// <summary>
/// One committed event in a module's outbox, which is also that module's change log: rows are
/// numbered in commit order (<see cref="Sequence"/>), so a reader that remembers the last number it
/// saw misses nothing and sees nothing twice. The dispatcher marks a row once every handler has it.
/// </summary>
public sealed class OutboxMessage
{
    public const int EventTypeMaxLength = 200;
    public const int LastErrorMaxLength = 500;

    internal static readonly JsonSerializerOptions PayloadOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private OutboxMessage()
    {
    }

    /// <summary>The position in the module's change log: assigned at insert, increasing in commit order.</summary>
    public long Sequence { get; private set; }

    /// <summary>The event's identity, the same on every delivery: handlers' inboxes key on it.</summary>
    public Guid EventId { get; private set; }

    /// <summary>The event type's name (see <see cref="IntegrationEventTypes"/>).</summary>
    public string EventType { get; private set; } = string.Empty;

    /// <summary>The event as JSON.</summary>
    public string Payload { get; private set; } = string.Empty;

    /// <summary>When the change was committed (stamped by the unit of work).</summary>
    public DateTimeOffset OccurredAt { get; private set; }

    /// <summary>When every handler had the event; null while it is pending.</summary>
    public DateTimeOffset? DispatchedAt { get; private set; }

    /// <summary>Failed delivery attempts so far.</summary>
    public int Attempts { get; private set; }

    /// <summary>After a failure, the earliest time of the next attempt.</summary>
    public DateTimeOffset? NextAttemptAt { get; private set; }

    /// <summary>What the last failure was: the handler and the exception type, never its message (which can echo data).</summary>
    public string? LastError { get; private set; }

    /// <summary>Set when delivery was given up after the configured number of attempts; the row stays for an operator.</summary>
    public DateTimeOffset? AbandonedAt { get; private set; }

    /// <summary>
    /// Stamped by the unit of work as it saves the event. An event no handler takes needs no delivery: it is
    /// dispatched as it commits, so the dispatcher never writes to its row (it is still in the change log).
    /// </summary>
    internal void Stamp(DateTimeOffset committedAt, bool hasHandlers)
    {
        OccurredAt = committedAt;
        DispatchedAt = hasHandlers ? null : committedAt;
    }

    public static OutboxMessage For(IIntegrationEvent integrationEvent)
    {
        var type = integrationEvent.GetType();
        return new OutboxMessage
        {
            EventId = Guids.NewVersion7(),
            EventType = type.Name,
            Payload = JsonSerializer.Serialize(integrationEvent, type, PayloadOptions),
        };
    }
}

/// <summary>That one handler has processed one event; written in the handler's transaction, so a redelivery finds it and does nothing.</summary>
public sealed class InboxMessage
{
    public const int HandlerMaxLength = 200;

    private InboxMessage()
    {
    }

    public Guid EventId { get; private set; }

    /// <summary>The handler's type name.</summary>
    public string Handler { get; private set; } = string.Empty;

    public DateTimeOffset ProcessedAt { get; private set; }

    public static InboxMessage For(Guid eventId, string handler, DateTimeOffset now) => new() { EventId = eventId, Handler = handler, ProcessedAt = now };
}

/// <summary>
/// A named piece of background work that one process at a time may do (dispatching a module's outbox):
/// the holder renews it while working; if the holder dies, it expires and another process takes it.
/// </summary>
public sealed class Lease
{
    public const int NameMaxLength = 100;
    public const int HolderMaxLength = 200;

    private Lease()
    {
    }

    public string Name { get; private set; } = string.Empty;

    /// <summary>The instance holding the lease (see <see cref="PlatformInstance"/>).</summary>
    public string Holder { get; private set; } = string.Empty;

    public DateTimeOffset ExpiresAt { get; private set; }

    public static Lease Take(string name, string holder, DateTimeOffset expiresAt) => new() { Name = name, Holder = holder, ExpiresAt = expiresAt };
}
