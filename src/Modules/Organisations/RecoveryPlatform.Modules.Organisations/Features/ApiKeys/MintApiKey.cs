using FluentValidation;
using Mediator;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Organisations.Persistence;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Organisations.Features.ApiKeys;

internal sealed class MintApiKeyValidator : AbstractValidator<MintApiKeyCommand>
{
    public MintApiKeyValidator()
    {
        RuleFor(c => c.Name).ValidKeyName();
        RuleFor(c => c.Role).Equal(Role.PlatformAdmin).When(c => c.OrganisationSlug is null).WithMessage("A key without an organisation must be platform-admin.");
        RuleFor(c => c.Role).NotEqual(Role.PlatformAdmin).When(c => c.OrganisationSlug is not null).WithMessage("Platform-admin keys belong to no organisation.");
    }
}

/// <summary>The command-line way in: the same rules as the HTTP endpoint and the bootstrap key, run as the system.</summary>
internal sealed class MintApiKeyHandler(OrganisationsDbContext db, ApiKeyIssuer issuer, ICallerAccessor callers)
    : ICommandHandler<MintApiKeyCommand, string>
{
    public async ValueTask<string> Handle(MintApiKeyCommand command, CancellationToken cancellationToken)
    {
        if (command.OrganisationSlug is not { } slug)
        {
            var platformKey = await issuer.IssuePlatformKeyAsync(command.Name, null, cancellationToken);
            return platformKey!.Key;
        }

        var organisation = await OrganisationAccess.LoadAdministeredAsync(db, callers.Caller, slug, cancellationToken);
        return issuer.IssueFor(organisation, command.Name, command.Role, null).Key;
    }
}
