using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.SharedKernel.Idempotency;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.Api.Idempotency;

/// <summary>Reads and writes a module's idempotency records, each in a scope and transaction of its own.</summary>
internal sealed class IdempotencyStore(IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>Longer than any request may run (the request timeout is 30 s): a record still locked may still be served.</summary>
    public static readonly TimeSpan LockDuration = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    private static readonly TimeSpan PurgeEvery = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastPurged = new(StringComparer.Ordinal);

    /// <summary>Reserves the key for this request. Null when reserved; otherwise the live record another request made.</summary>
    public async Task<IdempotencyRecord?> TryReserveAsync(IModuleDatabase module, string scope, string key, string fingerprint, CancellationToken cancellationToken)
    {
        await PurgeExpiredAsync(module, cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            var now = clock.GetUtcNow();

            // Most keys that exist are a retry's: look first, so that only two requests racing for a new key
            // meet at the unique index (where the loser's failed insert is logged by EF Core as an error).
            if (await FindAsync(module, scope, key, cancellationToken) is { } live && live.ExpiresAt > now)
            {
                return live;
            }

            await using (var reserving = scopes.CreateAsyncScope())
            {
                var db = module.ContextIn(reserving.ServiceProvider);
                db.Set<IdempotencyRecord>().Add(IdempotencyRecord.Reserve(scope, key, fingerprint, now + LockDuration, now + Retention));
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    return null;
                }
                catch (DbUpdateException) when (attempt < 3)
                {
                    // The key is taken: by a live request or answer, or by one past its 24 hours.
                }
            }

            var existing = await FindAsync(module, scope, key, cancellationToken);
            if (existing is null)
            {
                continue;
            }

            if (existing.ExpiresAt > now)
            {
                return existing;
            }

            await InScopeAsync(module, db => db.Set<IdempotencyRecord>()
                .Where(r => r.Scope == scope && r.Key == key && r.ExpiresAt == existing.ExpiresAt)
                .ExecuteDeleteAsync(cancellationToken));
        }
    }

    public async Task<IdempotencyRecord?> FindAsync(IModuleDatabase module, string scope, string key, CancellationToken cancellationToken)
    {
        await using var reading = scopes.CreateAsyncScope();
        return await module.ContextIn(reading.ServiceProvider).Set<IdempotencyRecord>().AsNoTracking()
            .SingleOrDefaultAsync(r => r.Scope == scope && r.Key == key, cancellationToken);
    }

    /// <summary>Takes over a reservation whose request died before committing anything. False when another retry took it first.</summary>
    public async Task<bool> TakeOverAsync(IModuleDatabase module, IdempotencyRecord lapsed, CancellationToken cancellationToken)
    {
        var lockedUntil = clock.GetUtcNow() + LockDuration;
        return await InScopeAsync(module, db => db.Set<IdempotencyRecord>()
            .Where(r => r.Scope == lapsed.Scope && r.Key == lapsed.Key && r.State == IdempotencyState.Reserved && r.LockedUntil == lapsed.LockedUntil)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.LockedUntil, lockedUntil), cancellationToken)) == 1;
    }

    public Task CompleteAsync(IModuleDatabase module, string scope, string key, int statusCode, string headers, byte[] body, CancellationToken cancellationToken) =>
        InScopeAsync(module, db => db.Set<IdempotencyRecord>()
            .Where(r => r.Scope == scope && r.Key == key)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(r => r.State, IdempotencyState.Completed)
                    .SetProperty(r => r.StatusCode, statusCode)
                    .SetProperty(r => r.Headers, headers)
                    .SetProperty(r => r.Body, body),
                cancellationToken));

    /// <summary>
    /// The request ended with an answer not worth replaying (a fault, a refusal that may not hold next time). If it
    /// committed nothing the key is freed for a retry; if it did commit, retries learn so at once.
    /// </summary>
    public async Task AbandonAsync(IModuleDatabase module, string scope, string key, CancellationToken cancellationToken)
    {
        await InScopeAsync(module, db => db.Set<IdempotencyRecord>()
            .Where(r => r.Scope == scope && r.Key == key && r.State == IdempotencyState.Reserved)
            .ExecuteDeleteAsync(cancellationToken));
        var now = clock.GetUtcNow();
        await InScopeAsync(module, db => db.Set<IdempotencyRecord>()
            .Where(r => r.Scope == scope && r.Key == key && r.State == IdempotencyState.Committed)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.LockedUntil, now), cancellationToken));
    }

    private async Task PurgeExpiredAsync(IModuleDatabase module, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_lastPurged.TryGetValue(module.Schema, out var last) && now - last < PurgeEvery)
        {
            return;
        }

        _lastPurged[module.Schema] = now;
        await InScopeAsync(module, db => db.Set<IdempotencyRecord>().Where(r => r.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken));
    }

    private async Task<T> InScopeAsync<T>(IModuleDatabase module, Func<ModuleDbContext, Task<T>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(module.ContextIn(scope.ServiceProvider));
    }
}
