using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.SharedKernel.Messaging;

/// <summary>One row of a module's change log: its position, the event's identity, when it committed, and the event (null for a type this version does not know).</summary>
public sealed record LoggedEvent(long Sequence, Guid EventId, DateTimeOffset OccurredAt, IIntegrationEvent? Event);

/// <summary>
/// Reads any module's change log (its outbox, ADR 0006) forward from a position, for background work that follows
/// it from a cursor of its own (webhook fan-out). Like the change feed, it is the shared kernel that reads every
/// module's outbox; modules never open each other's tables.
/// </summary>
public sealed class ChangeLogReader(IEnumerable<IModuleDatabase> databases, IntegrationEventTypes eventTypes)
{
    private readonly Dictionary<string, IModuleDatabase> _bySchema = databases.ToDictionary(d => d.Schema, StringComparer.Ordinal);

    /// <summary>Up to <paramref name="take"/> rows after <paramref name="after"/> of <paramref name="schema"/>'s log, in commit order.</summary>
    public async Task<IReadOnlyList<LoggedEvent>> ReadAfterAsync(IServiceProvider scopedServices, string schema, long after, int take, CancellationToken cancellationToken)
    {
        var rows = await OutboxStore.ReadAfterAsync(Log(scopedServices, schema), after, take, cancellationToken);
        return rows.Select(row => new LoggedEvent(row.Sequence, row.EventId, row.OccurredAt, eventTypes.Read(row))).ToList();
    }

    /// <summary>The last position of <paramref name="schema"/>'s log (0 when it is empty).</summary>
    public Task<long> LastSequenceAsync(IServiceProvider scopedServices, string schema, CancellationToken cancellationToken) =>
        OutboxStore.LastSequenceAsync(Log(scopedServices, schema), cancellationToken);

    private ModuleDbContext Log(IServiceProvider scopedServices, string schema) =>
        _bySchema.TryGetValue(schema, out var database)
            ? database.ContextIn(scopedServices)
            : throw new InvalidOperationException($"No module with the schema {schema} is registered.");
}

/// <summary>
/// The database leases of ADR 0006 for a module's own background work: one process at a time holds a named lease
/// in the module's <c>Leases</c> table, renews it while it works, and it expires if the holder dies.
/// </summary>
public static class DatabaseLeases
{
    /// <summary>Takes or renews <paramref name="name"/>; returns when it now expires, or null when another instance holds it.</summary>
    public static Task<DateTimeOffset?> TryHoldAsync(ModuleDbContext db, string name, string holder, TimeSpan duration, DateTimeOffset now, CancellationToken cancellationToken) =>
        OutboxStore.TryHoldLeaseAsync(db, name, holder, duration, now, cancellationToken);

    /// <summary>Hands the lease back so another instance can take it at once (a graceful stop).</summary>
    public static Task ReleaseAsync(ModuleDbContext db, string name, string holder, DateTimeOffset now, CancellationToken cancellationToken) =>
        OutboxStore.ReleaseLeaseAsync(db, name, holder, now, cancellationToken);
}
