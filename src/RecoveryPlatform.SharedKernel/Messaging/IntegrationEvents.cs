namespace RecoveryPlatform.SharedKernel.Messaging;

/// <summary>
/// A fact a module records about a change it committed: "venue 42 changed", "group 7 closed". It is
/// written to the module's outbox in the same transaction as the change (<see cref="Persistence.ModuleDbContext.Outbox"/>),
/// so it exists exactly when the change does, and is delivered from there after commit (ADR 0006).
/// Events carry ids and facts, never personal data: the outbox is the platform's change log.
/// </summary>
/// <remarks>Each event type's name (<c>Type.Name</c>) is stored with it and must be unique across the platform.</remarks>
public interface IIntegrationEvent;

/// <summary>
/// Reacts to a committed event by changing the handler's own module: once across every instance,
/// inside that module's unit of work, with an inbox entry that makes a redelivery a no-op.
/// A handler that throws is retried with back-off; it never fails the write that raised the event.
/// </summary>
public interface IIntegrationEventHandler<in TEvent>
    where TEvent : IIntegrationEvent
{
    ValueTask Handle(TEvent integrationEvent, CancellationToken cancellationToken);
}

/// <summary>
/// An in-memory copy of data (a search index, a cache) that this process keeps current by following
/// every module's change log. Unlike <see cref="IIntegrationEventHandler{TEvent}"/> it runs in
/// every instance, for every committed event, in commit order per module.
/// </summary>
public interface ILocalReadModel
{
    /// <summary>Applies a batch of committed events (one module's, in commit order). Must be idempotent: a batch can be applied twice.</summary>
    ValueTask ApplyAsync(IReadOnlyList<IIntegrationEvent> changes, CancellationToken cancellationToken);

    /// <summary>Forgets everything: the change log could not be followed without a gap (e.g. the database was down at start-up).</summary>
    ValueTask ResetAsync(CancellationToken cancellationToken);
}

/// <summary>Adds events to a module's outbox (see <see cref="Persistence.ModuleDbContext.Outbox"/>).</summary>
public sealed class Outbox(Microsoft.EntityFrameworkCore.DbContext db)
{
    /// <summary>Records <paramref name="integrationEvent"/> to be saved with the current change and delivered after it commits.</summary>
    public void Add(IIntegrationEvent integrationEvent) => db.Set<OutboxMessage>().Add(OutboxMessage.For(integrationEvent));
}
