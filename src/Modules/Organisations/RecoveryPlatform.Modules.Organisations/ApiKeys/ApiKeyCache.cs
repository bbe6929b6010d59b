using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;
using RecoveryPlatform.Modules.Organisations.Contracts;

namespace RecoveryPlatform.Modules.Organisations.ApiKeys;

/// <summary>
/// Remembers recently validated keys for a few seconds so a busy app's requests don't each cost a
/// database read. Revoking a key or suspending an organisation empties it at once (in this process).
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

    public void Remember(string keyHash, ApiKeyIdentity identity, DateTimeOffset? expiresAt)
    {
        using var entry = cache.CreateEntry(CacheKey(keyHash));
        entry.Value = new Remembered(identity, expiresAt);
        entry.AbsoluteExpirationRelativeToNow = Lifetime;
        entry.AddExpirationToken(new CancellationChangeToken(_generation.Token));
    }

    public void ForgetAll()
    {
        var previous = Interlocked.Exchange(ref _generation, new CancellationTokenSource());
        previous.Cancel();
        previous.Dispose();
    }

    private static string CacheKey(string keyHash) => $"api-key:{keyHash}";

    private sealed record Remembered(ApiKeyIdentity Identity, DateTimeOffset? ExpiresAt);
}
