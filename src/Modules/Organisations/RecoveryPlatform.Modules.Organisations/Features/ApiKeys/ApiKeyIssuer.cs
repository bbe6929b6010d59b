using FluentValidation;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Organisations.Authentication;
using RecoveryPlatform.Modules.Organisations.Domain;
using RecoveryPlatform.Modules.Organisations.Persistence;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Organisations.Features.ApiKeys;

/// <summary>
/// The one way a key comes into being, whichever door asks for it (the HTTP endpoint, the bootstrap key
/// at start-up, the command line): each door's command validates its input, then calls this inside
/// its own unit of work, so every key obeys the same rules.
/// </summary>
internal sealed class ApiKeyIssuer(OrganisationsDbContext db, ApiKeySecrets secrets, ICallerAccessor callers, TimeProvider clock)
{
    /// <summary>A new key for a machine of <paramref name="organisation"/>, which the caller administers.</summary>
    public CreatedApiKeyResponse IssueFor(Organisation organisation, string name, Role role, DateTimeOffset? expiresAt)
    {
        if (!OrganisationAccess.RoleFitsKind(role, organisation.Kind))
        {
            throw new BusinessRuleException($"A {WireNames.Of(organisation.Kind)} cannot have {WireNames.Of(role)} keys.");
        }

        var (secret, prefix) = ApiKeySecrets.NewKey();
        var key = ApiKey.Issue(organisation.Id, name.Trim(), role, prefix, secrets.Hash(secret), expiresAt, callers.Caller.CredentialId ?? "system", clock.GetUtcNow());
        db.ApiKeys.Add(key);
        return CreatedApiKeyResponse.From(key, secret);
    }

    /// <summary>
    /// A platform-wide administrator key, from the server itself only. With <paramref name="presentedKey"/> that
    /// exact string is registered (the configured bootstrap key) unless it already is; otherwise a new key is made.
    /// Returns null when the presented key was registered before.
    /// </summary>
    public async Task<CreatedApiKeyResponse?> IssuePlatformKeyAsync(string name, string? presentedKey, CancellationToken cancellationToken)
    {
        if (callers.Caller != Caller.System)
        {
            throw new ForbiddenException("Platform keys are issued from the server itself.");
        }

        var (secret, prefix) = presentedKey is { } presented ? (presented, "bootstrap") : ApiKeySecrets.NewKey();
        if (!ApiKeySecrets.IsPlausible(secret))
        {
            throw new BusinessRuleException($"A platform key must be {ApiKeySecrets.MinimumLength} to {ApiKeySecrets.MaximumLength} characters long.");
        }

        var hash = secrets.Hash(secret);
        if (await db.ApiKeys.AnyAsync(k => k.SecretHash == hash, cancellationToken))
        {
            return null;
        }

        var key = ApiKey.Issue(null, name.Trim(), Role.PlatformAdmin, prefix, hash, null, "system", clock.GetUtcNow());
        db.ApiKeys.Add(key);
        return CreatedApiKeyResponse.From(key, secret);
    }
}

internal static class ApiKeyRules
{
    public static IRuleBuilderOptions<T, string?> ValidKeyName<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().MaximumLength(ApiKey.NameMaxLength);
}
