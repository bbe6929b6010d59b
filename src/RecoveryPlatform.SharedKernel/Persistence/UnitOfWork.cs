using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.SharedKernel.Auditing;
using RecoveryPlatform.SharedKernel.Idempotency;
using RecoveryPlatform.SharedKernel.Messaging;

namespace RecoveryPlatform.SharedKernel.Persistence;

/// <summary>Runs a piece of work in one transaction on a module's database and saves it, with the events it recorded.</summary>
public interface IUnitOfWork
{
    Task<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> as <see cref="ExecuteAsync{T}"/> does, unless <paramref name="handler"/> has already
    /// processed <paramref name="eventId"/>: the inbox entry commits with the work, so a redelivered event changes nothing.
    /// Returns false when the event had been processed before.
    /// </summary>
    Task<bool> ExecuteOnceAsync(Guid eventId, string handler, Func<CancellationToken, ValueTask> work, CancellationToken cancellationToken);

    /// <summary>
    /// Only inside <see cref="ExecuteAsync{T}"/>: saves what the work has changed so far (and the events it recorded)
    /// into the unit's transaction and stops tracking it, so bulk work such as an import holds one slice of its rows in
    /// memory at a time rather than all of them. Nothing commits, or becomes visible to anyone else, before the unit
    /// does; a failure later still rolls every slice back. Entities loaded before the call are no longer tracked:
    /// attach one again before changing it.
    /// <paramref name="newRows"/> (new entities, never tracked) are written first, each with its "created" audit entry.
    /// On SQLite they go in through one prepared statement per table rather than through EF Core's change tracker and
    /// batches, a third of the time of a large import; on SQL Server, whose batches EF Core already sends well, they
    /// are added and saved as usual.
    /// </summary>
    Task SaveProgressAsync(IReadOnlyCollection<object> newRows, CancellationToken cancellationToken);
}

/// <summary>The unit of work of the module that owns <typeparamref name="TContext"/>, for a handler that saves progress (<see cref="IUnitOfWork.SaveProgressAsync"/>).</summary>
public interface IUnitOfWork<TContext> : IUnitOfWork
    where TContext : ModuleDbContext;

/// <summary>Each module registers its unit of work under its assembly's name: the module whose handler does the work.</summary>
public static class UnitOfWorkKeys
{
    public static string For(Type moduleType) => moduleType.Assembly.GetName().Name!;
}

public sealed class ModuleUnitOfWork<TContext>(
    TContext db, ChangeLogProgress changeLog, MessageRouting routing, IdempotentRequest? idempotentRequest, TimeProvider clock, AuditingInterceptor auditing, CrossModuleTransaction? crossModule = null)
    : IUnitOfWork<TContext>
    where TContext : ModuleDbContext
{
    // The events the running unit has saved so far (by SaveProgressAsync, then at its end): the change log hears of
    // them when it commits.
    private long _savedUpToSequence;
    private bool _savedEventsToDeliver;

    public Task<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken) =>
        RunAsync(work, waitForDelivery: true, cancellationToken);

    public Task<bool> ExecuteOnceAsync(Guid eventId, string handler, Func<CancellationToken, ValueTask> work, CancellationToken cancellationToken) =>
        RunAsync(
            async ct =>
            {
                if (await db.Set<InboxMessage>().AnyAsync(m => m.EventId == eventId && m.Handler == handler, ct))
                {
                    return false;
                }

                // Two deliveries racing (a lease that expired under a paused holder) both get here; the second
                // insert breaks the key, so its transaction, and the handler's work with it, rolls back.
                db.Set<InboxMessage>().Add(InboxMessage.For(eventId, handler, clock.GetUtcNow()));
                await work(ct);
                return true;
            },
            // This runs inside the dispatcher, which cannot also be dispatching what this records: don't wait for it.
            waitForDelivery: false,
            cancellationToken);

    private async Task<T> RunAsync<T>(Func<CancellationToken, ValueTask<T>> work, bool waitForDelivery, CancellationToken cancellationToken)
    {
        if (crossModule is { IsRunning: true })
        {
            return await RunInCrossModuleTransactionAsync(crossModule, work, cancellationToken);
        }

        if (db.Database.CurrentTransaction is not null)
        {
            // A command sent from inside another of the same module would share its context and transaction,
            // and its own commit would not be one: that is a design error, not something to paper over.
            throw new InvalidOperationException($"A {typeof(TContext).Name} unit of work was started inside another. Call the shared logic directly instead of sending a nested command.");
        }

        // The execution strategy may retry the whole unit on a transient SQL Server fault; each
        // attempt starts from a clean change tracker so nothing from a failed attempt leaks in.
        var strategy = db.Database.CreateExecutionStrategy();
        var result = await strategy.ExecuteAsync(
            async ct =>
            {
                db.ChangeTracker.Clear();
                ForgetSavedProgress();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var outcome = await work(ct);
                var events = await StampRecordedEventsAsync(ct);
                await MarkIdempotentRequestCommittedAsync(ct);
                await db.SaveChangesAsync(ct);
                RememberSaved(events);
                await transaction.CommitAsync(ct);
                return outcome;
            },
            cancellationToken);

        if (_savedUpToSequence > 0)
        {
            // Only an event some module handles has effects to wait for; the read models are waited for either way.
            await changeLog.CommittedAsync(db.Schema, _savedUpToSequence, toDeliver: _savedEventsToDeliver, waitForDelivery);
        }

        return result;
    }

    /// <summary>
    /// Saves the work into a transaction that spans modules: it commits (or rolls back) with the others, and
    /// the change log hears of its events only then. Retries belong to that transaction, which reruns everything.
    /// </summary>
    private async Task<T> RunInCrossModuleTransactionAsync<T>(CrossModuleTransaction transaction, Func<CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken)
    {
        await transaction.JoinAsync(db, cancellationToken);
        db.ChangeTracker.Clear();
        ForgetSavedProgress();
        var outcome = await work(cancellationToken);
        var events = await StampRecordedEventsAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        RememberSaved(events);
        if (_savedUpToSequence > 0)
        {
            transaction.Saved(db.Schema, _savedUpToSequence, _savedEventsToDeliver);
        }

        return outcome;
    }

    public async Task SaveProgressAsync(IReadOnlyCollection<object> newRows, CancellationToken cancellationToken)
    {
        EnsureInsideTheUnit();
        var events = await StampRecordedEventsAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // The new rows, their audit entries and the slice's events go in through prepared statements; EF Core
            // then saves only the changes it tracks.
            await SqliteRowInserter.InsertAsync(db, newRows, cancellationToken);
            await SqliteRowInserter.InsertAsync(db, auditing.EntriesFor(newRows.OfType<IAuditable>(), AuditingInterceptor.Created), cancellationToken);
            await SqliteRowInserter.InsertAsync(db, events, cancellationToken);
            ForgetInserted(events);
        }
        else
        {
            db.AddRange(newRows);
        }

        await db.SaveChangesAsync(cancellationToken);
        RememberSaved(events);
        db.ChangeTracker.Clear();
    }

    /// <summary>Stops tracking rows already written, so EF Core does not insert them again (without a scan of every tracked entity for each).</summary>
    private void ForgetInserted(List<OutboxMessage> events)
    {
        var detectChanges = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            events.ForEach(e => db.Entry(e).State = EntityState.Detached);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detectChanges;
        }
    }

    private void EnsureInsideTheUnit()
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Progress is saved only inside a unit of work, into its transaction.");
        }
    }

    private void RememberSaved(List<OutboxMessage> events)
    {
        if (events.Count > 0)
        {
            _savedUpToSequence = Math.Max(_savedUpToSequence, events.Max(e => e.Sequence));
            _savedEventsToDeliver |= events.Exists(e => e.DispatchedAt is null);
        }
    }

    private void ForgetSavedProgress()
    {
        _savedUpToSequence = 0;
        _savedEventsToDeliver = false;
    }

    /// <summary>
    /// The events the work recorded, stamped with the commit time and whether a handler waits for them, after taking
    /// the module's turn to write to its outbox: what every save of events needs, in its own transaction or a shared one.
    /// </summary>
    private async Task<List<OutboxMessage>> StampRecordedEventsAsync(CancellationToken cancellationToken)
    {
        var events = db.ChangeTracker.Entries<OutboxMessage>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (events.Count > 0)
        {
            var now = clock.GetUtcNow();
            events.ForEach(e => e.Stamp(now, routing.IsHandled(e.EventType)));
            await OutboxOrder.TakeWriterTurnAsync(db, cancellationToken);
        }

        return events;
    }

    /// <summary>
    /// A request sent with an Idempotency-Key records, in the very transaction of its change, that the change
    /// happened: should its response then be lost (a crash), a retry is told so rather than run it twice.
    /// </summary>
    private async Task MarkIdempotentRequestCommittedAsync(CancellationToken cancellationToken)
    {
        if (idempotentRequest is not { Marked: false, Key: { } key, Scope: { } scope } || idempotentRequest.Module != db.Schema)
        {
            return;
        }

        await db.Set<IdempotencyRecord>()
            .Where(r => r.Scope == scope && r.Key == key && r.State == IdempotencyState.Reserved)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.State, IdempotencyState.Committed), cancellationToken);
        idempotentRequest.Marked = true;
    }
}
