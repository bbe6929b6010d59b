using System.Collections.Concurrent;
using Mediator;
using Microsoft.EntityFrameworkCore;
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

        await usage.RecordAsync(db, key.Id, now, cancellationToken);
        var identity = new ApiKeyIdentity(key.Id, key.OrganisationId, key.Role);
        cache.Remember(hash, identity, key.ExpiresAt, generation);
        return identity;
    }
}

/// <summary>
/// Keeps "last used" roughly current without a database write per request: at most one write per
/// key every few minutes, which is as precise as anyone reading a key list needs.
/// </summary>
internal sealed class ApiKeyUsage
{
    private static readonly TimeSpan Resolution = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _lastWritten = new();

    public async Task RecordAsync(OrganisationsDbContext db, Guid keyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_lastWritten.TryGetValue(keyId, out var written) && now - written < Resolution)
        {
            return;
        }

        _lastWritten[keyId] = now;
        await db.ApiKeys.Where(k => k.Id == keyId).ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, now), cancellationToken);
    }
}

internal sealed class ResolveTokenOrganisationHandler(OrganisationsDbContext db) : IQueryHandler<ResolveTokenOrganisationQuery, Guid?>
{
    public async ValueTask<Guid?> Handle(ResolveTokenOrganisationQuery query, CancellationToken cancellationToken) =>
        await db.Organisations.AsNoTracking()
            .Where(o => o.Slug == query.OrganisationSlug && o.Status == OrganisationStatus.Active)
            .Select(o => (Guid?)o.Id)
            .SingleOrDefaultAsync(cancellationToken);
}
