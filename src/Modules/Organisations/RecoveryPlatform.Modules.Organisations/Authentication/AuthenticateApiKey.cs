using System.Collections.Concurrent;
using System.Threading.Channels;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Organisations.Persistence;

namespace RecoveryPlatform.Modules.Organisations.Authentication;

internal sealed class AuthenticateApiKeyHandler(OrganisationsDbContext db, ApiKeySecrets secrets, ApiKeyCache cache, ApiKeyUsage usage, TimeProvider clock)
    : IQueryHandler<AuthenticateApiKeyQuery, ApiKeyIdentity?>
{
    public async ValueTask<ApiKeyIdentity?> Handle(AuthenticateApiKeyQuery query, CancellationToken cancellationToken)
    {
        if (!ApiKeySecrets.IsPlausible(query.PresentedKey))
        {
            return null;
        }

        var hash = secrets.Hash(query.PresentedKey);
        var now = clock.GetUtcNow();
        if (cache.TryGet(hash, now, out var remembered))
        {
            return remembered;
        }

        var generation = cache.Generation;
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.SecretHash == hash, cancellationToken);
        if (key is null || !key.IsUsableAt(now))
        {
            return null;
        }

        if (key.OrganisationId is { } organisationId
            && !await db.Organisations.AnyAsync(o => o.Id == organisationId && o.Status == OrganisationStatus.Active, cancellationToken))
        {
            return null;
        }

        usage.Record(key.Id, now);
        var identity = new ApiKeyIdentity(key.Id, key.OrganisationId, key.Role);
        cache.Remember(hash, identity, key.ExpiresAt, generation);
        return identity;
    }
}

/// <summary>
/// Keeps "last used" roughly current without a database write per request — at most one write per key every few
/// minutes, which is as precise as anyone reading a key list needs — and never on the request's path: the write waits
/// in a queue for <see cref="ApiKeyUsageWriter"/>. On SQLite a write waits for the database's one write lock, which an
/// import holds for a minute; a key's first request to an instance, a read, must not wait with it.
/// </summary>
internal sealed class ApiKeyUsage
{
    private static readonly TimeSpan Resolution = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _lastRecorded = new();
    private readonly Channel<(Guid KeyId, DateTimeOffset UsedAt)> _toWrite = Channel.CreateUnbounded<(Guid, DateTimeOffset)>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<(Guid KeyId, DateTimeOffset UsedAt)> ToWrite => _toWrite.Reader;

    public void Record(Guid keyId, DateTimeOffset now)
    {
        if (_lastRecorded.TryGetValue(keyId, out var recorded) && now - recorded < Resolution)
        {
            return;
        }

        _lastRecorded[keyId] = now;
        _toWrite.Writer.TryWrite((keyId, now));
    }

    /// <summary>A use whose write failed (the database away): written with the next ones.</summary>
    public void WriteLater(Guid keyId, DateTimeOffset usedAt) => _toWrite.Writer.TryWrite((keyId, usedAt));
}

/// <summary>Writes the key uses <see cref="ApiKeyUsage"/> queues, in the background, as they come.</summary>
internal sealed partial class ApiKeyUsageWriter(IServiceScopeFactory scopes, ApiKeyUsage usage, ILogger<ApiKeyUsageWriter> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await usage.ToWrite.WaitToReadAsync(stoppingToken))
            {
                var latest = new Dictionary<Guid, DateTimeOffset>();
                while (usage.ToWrite.TryRead(out var use))
                {
                    latest[use.KeyId] = latest.TryGetValue(use.KeyId, out var other) && other > use.UsedAt ? other : use.UsedAt;
                }

                if (!await TryWriteAsync(latest, stoppingToken))
                {
                    await Task.Delay(RetryAfterFailure, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: a use not yet written is at most a few minutes of "last used".
        }
    }

    private async Task<bool> TryWriteAsync(Dictionary<Guid, DateTimeOffset> uses, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OrganisationsDbContext>();
            foreach (var (keyId, usedAt) in uses)
            {
                await db.ApiKeys.Where(k => k.Id == keyId && (k.LastUsedAt == null || k.LastUsedAt < usedAt))
                    .ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, usedAt), cancellationToken);
            }

            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogWriteFailed(uses.Count, exception.GetType().Name);
            foreach (var (keyId, usedAt) in uses)
            {
                usage.WriteLater(keyId, usedAt);
            }

            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording the last use of {Keys} API keys failed ({ExceptionType}); trying again shortly")]
    private partial void LogWriteFailed(int keys, string exceptionType);
}

internal sealed class ResolveTokenOrganisationHandler(OrganisationsDbContext db) : IQueryHandler<ResolveTokenOrganisationQuery, Guid?>
{
    public async ValueTask<Guid?> Handle(ResolveTokenOrganisationQuery query, CancellationToken cancellationToken) =>
        await db.Organisations.AsNoTracking()
            .Where(o => o.Slug == query.OrganisationSlug && o.Status == OrganisationStatus.Active)
            .Select(o => (Guid?)o.Id)
            .SingleOrDefaultAsync(cancellationToken);
}
