using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;
using RecoveryPlatform.Modules.Organisations.Contracts;

namespace RecoveryPlatform.Modules.Organisations.Authentication;

/// <summary>
/// Remembers recently validated keys for a few seconds so a busy app's requests don't each cost a
/// database read. Revoking a key or changing an organisation's status empties it in every instance
/// (<see cref="ApiKeyCacheFollower"/>).
/// </summary>
internal sealed class ApiKeyCache(IMemoryCache cache)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private CancellationTokenSource _generation = new();

    /// <summary>A remembered identity, unless the key has expired since (by the platform's clock).</summary>
    public bool TryGet(string keyHash, DateTimeOffset now, out ApiKeyIdentity? identity)
    {
        identity = null;
        if (cache.TryGetValue(CacheKey(keyHash), out Remembered? remembered) && remembered is not null && (remembered.ExpiresAt is null || remembered.ExpiresAt > now))
        {
            identity = remembered.Identity;
            return true;
        }

        return false;
    }

    /// <summary>Marks the start of a database read: pass it to <see cref="Remember"/>.</summary>
    public CancellationToken Generation => Volatile.Read(ref _generation).Token;

    /// <summary>
    /// Remembers what a read found, unless the cache was emptied since the read began (<paramref name="readStarted"/>):
    /// the read may have seen the key just before its revocation committed.
    /// </summary>
    public void Remember(string keyHash, ApiKeyIdentity identity, DateTimeOffset? expiresAt, CancellationToken readStarted)
    {
        if (readStarted.IsCancellationRequested)
        {
            return;
        }

        using var entry = cache.CreateEntry(CacheKey(keyHash));
        entry.Value = new Remembered(identity, expiresAt);
        entry.AbsoluteExpirationRelativeToNow = Lifetime;
        entry.AddExpirationToken(new CancellationChangeToken(readStarted));
    }

    public void ForgetAll()
    {
        // Not disposed: a read in flight may still hold its token, and a source without a timer holds nothing to release.
        Interlocked.Exchange(ref _generation, new CancellationTokenSource()).Cancel();
    }

    private static string CacheKey(string keyHash) => $"api-key:{keyHash}";

    private sealed record Remembered(ApiKeyIdentity Identity, DateTimeOffset? ExpiresAt);
}
