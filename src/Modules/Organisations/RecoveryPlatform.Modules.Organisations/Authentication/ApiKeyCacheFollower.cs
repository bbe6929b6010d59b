using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.SharedKernel.Messaging;

namespace RecoveryPlatform.Modules.Organisations.Authentication;

/// <summary>A key was revoked. Recorded in the Organisations outbox so every instance's key cache forgets it.</summary>
internal sealed record ApiKeyRevoked(Guid KeyId, Guid OrganisationId) : IIntegrationEvent;

/// <summary>
/// Empties this instance's key cache when a key is revoked or an organisation's status changes, on
/// whichever instance that was committed: a revoked key or a suspended organisation's keys stop
/// working everywhere within one change-log poll.
/// </summary>
internal sealed class ApiKeyCacheFollower(ApiKeyCache cache) : ILocalReadModel
{
    public ValueTask ApplyAsync(IReadOnlyList<IIntegrationEvent> changes, CancellationToken cancellationToken)
    {
        if (changes.Any(change => change is ApiKeyRevoked or OrganisationChangedIntegrationEvent))
        {
            cache.ForgetAll();
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ResetAsync(CancellationToken cancellationToken)
    {
        cache.ForgetAll();
        return ValueTask.CompletedTask;
    }
}
