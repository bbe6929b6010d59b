using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Organisations.ApiKeys;
using RecoveryPlatform.Modules.Organisations.Domain;
using RecoveryPlatform.Modules.Organisations.Persistence;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Organisations.Features.ApiKeys;

/// <summary>
/// Registers a platform-wide administrator key. Not reachable over HTTP: used at start-up for the
/// configured bootstrap key and by the command line. With <c>PresentedKey</c> null a new key is made.
/// </summary>
internal sealed record IssuePlatformKeyCommand(string Name, string? PresentedKey) : ICommand<CreatedApiKeyResponse?>;

internal sealed class IssuePlatformKeyHandler(OrganisationsDbContext db, ApiKeySecrets secrets, ICallerAccessor callers, TimeProvider clock)
    : ICommandHandler<IssuePlatformKeyCommand, CreatedApiKeyResponse?>
{
    public async ValueTask<CreatedApiKeyResponse?> Handle(IssuePlatformKeyCommand command, CancellationToken cancellationToken)
    {
        if (callers.Caller != Caller.System)
        {
            throw new ForbiddenException("Platform keys are issued from the server itself.");
        }

        var (secret, prefix) = command.PresentedKey is { } presented ? (presented, "bootstrap") : ApiKeySecrets.NewKey();
        if (!ApiKeySecrets.IsPlausible(secret))
        {
            throw new BusinessRuleException($"A platform key must be {ApiKeySecrets.MinimumLength} to {ApiKeySecrets.MaximumLength} characters long.");
        }

        var hash = secrets.Hash(secret);
        if (await db.ApiKeys.AnyAsync(k => k.SecretHash == hash, cancellationToken))
        {
            return null;
        }

        var key = ApiKey.Issue(null, command.Name, Role.PlatformAdmin, prefix, hash, null, "system", clock.GetUtcNow());
        db.ApiKeys.Add(key);
        return new CreatedApiKeyResponse(key.Id, key.Name, key.Role, key.Prefix, key.CreatedAt, key.ExpiresAt, secret);
    }
}
