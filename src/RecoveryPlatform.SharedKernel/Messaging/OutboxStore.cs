using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.SharedKernel.Messaging;

/// <summary>The reads and writes the dispatcher and the change-log follower make on a module's outbox and leases.</summary>
internal static class OutboxStore
{
    public static async Task<long> LastSequenceAsync(ModuleDbContext db, CancellationToken cancellationToken) =>
        await db.Set<OutboxMessage>().MaxAsync(m => (long?)m.Sequence, cancellationToken) ?? 0;

    /// <summary>The change log after <paramref name="sequence"/>, in commit order.</summary>
    public static Task<List<OutboxMessage>> ReadAfterAsync(ModuleDbContext db, long sequence, int take, CancellationToken cancellationToken) =>
        db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Sequence > sequence).OrderBy(m => m.Sequence).Take(take).ToListAsync(cancellationToken);

    /// <summary>The events not yet delivered to every handler, oldest first.</summary>
    public static Task<List<OutboxMessage>> PendingAsync(ModuleDbContext db, int take, CancellationToken cancellationToken) =>
        db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.DispatchedAt == null && m.AbandonedAt == null)
            .OrderBy(m => m.Sequence)
            .Take(take)
            .ToListAsync(cancellationToken);

    /// <summary>For the metrics: the newest sequence, and how many events wait for delivery and since when (all through indexes).</summary>
    public static async Task<OutboxSample> SampleAsync(ModuleDbContext db, CancellationToken cancellationToken)
    {
        var outbox = db.Set<OutboxMessage>().AsNoTracking();
        var pending = outbox.Where(m => m.DispatchedAt == null && m.AbandonedAt == null);
        var count = await pending.CountAsync(cancellationToken);
        var oldest = count == 0 ? null : await pending.OrderBy(m => m.Sequence).Select(m => (DateTimeOffset?)m.OccurredAt).FirstOrDefaultAsync(cancellationToken);
        return new OutboxSample(await LastSequenceAsync(db, cancellationToken), count, oldest);
    }

    public static Task MarkDispatchedAsync(ModuleDbContext db, long sequence, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Set<OutboxMessage>().Where(m => m.Sequence == sequence)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.DispatchedAt, now).SetProperty(m => m.NextAttemptAt, (DateTimeOffset?)null), cancellationToken);

    public static Task RecordFailureAsync(ModuleDbContext db, long sequence, int attempts, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken) =>
        db.Set<OutboxMessage>().Where(m => m.Sequence == sequence)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.Attempts, attempts).SetProperty(m => m.NextAttemptAt, nextAttemptAt).SetProperty(m => m.LastError, error), cancellationToken);

    public static Task AbandonAsync(ModuleDbContext db, long sequence, int attempts, DateTimeOffset now, string error, CancellationToken cancellationToken) =>
        db.Set<OutboxMessage>().Where(m => m.Sequence == sequence)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.Attempts, attempts).SetProperty(m => m.AbandonedAt, now).SetProperty(m => m.LastError, error), cancellationToken);

    /// <summary>
    /// Takes or renews the lease <paramref name="name"/> for <paramref name="holder"/>: when nobody holds it, when it has
    /// expired, or when the holder already has it. The update names the lease as it was read, so of two instances
    /// reaching for an expired lease at once only one gets it. Returns when it now expires, or null when another holds it.
    /// </summary>
    public static async Task<DateTimeOffset?> TryHoldLeaseAsync(ModuleDbContext db, string name, string holder, TimeSpan duration, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var leases = db.Set<Lease>();
        var current = await leases.AsNoTracking().SingleOrDefaultAsync(l => l.Name == name, cancellationToken);
        var expiresAt = now + duration;
        if (current is null)
        {
            try
            {
                leases.Add(Lease.Take(name, holder, expiresAt));
                await db.SaveChangesAsync(cancellationToken);
                return expiresAt;
            }
            catch (DbUpdateException)
            {
                // Another instance created it first.
                db.ChangeTracker.Clear();
                return null;
            }
        }

        if (current.Holder != holder && current.ExpiresAt > now)
        {
            return null;
        }

        var taken = await leases.Where(l => l.Name == name && l.Holder == current.Holder && l.ExpiresAt == current.ExpiresAt)
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, expiresAt), cancellationToken);
        return taken == 1 ? expiresAt : null;
    }

    /// <summary>Lets another instance take the lease at once (a graceful shutdown).</summary>
    public static Task ReleaseLeaseAsync(ModuleDbContext db, string name, string holder, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Set<Lease>().Where(l => l.Name == name && l.Holder == holder)
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.ExpiresAt, now), cancellationToken);
}
