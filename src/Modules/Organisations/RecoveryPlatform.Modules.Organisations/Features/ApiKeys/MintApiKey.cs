using FluentValidation;
using Mediator;
using RecoveryPlatform.Modules.Organisations.ApiKeys;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Organisations.Persistence;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Organisations.Features.ApiKeys;

internal sealed class MintApiKeyValidator : AbstractValidator<MintApiKeyCommand>
{
    public MintApiKeyValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(Domain.ApiKey.NameMaxLength);
        RuleFor(c => c.Role).Equal(Role.PlatformAdmin).When(c => c.OrganisationSlug is null).WithMessage("A key without an organisation must be platform-admin.");
        RuleFor(c => c.Role).NotEqual(Role.PlatformAdmin).When(c => c.OrganisationSlug is not null).WithMessage("Platform-admin keys belong to no organisation.");
    }
}

/// <summary>The command-line way in: the same rules as the HTTP endpoint and the bootstrap key, run as the system.</summary>
internal sealed class MintApiKeyHandler(OrganisationsDbContext db, ApiKeySecrets secrets, ICallerAccessor callers, TimeProvider clock)
    : ICommandHandler<MintApiKeyCommand, string>
{
    public async ValueTask<string> Handle(MintApiKeyCommand command, CancellationToken cancellationToken)
    {
        if (command.OrganisationSlug is null)
        {
            var platformKey = await new IssuePlatformKeyHandler(db, secrets, callers, clock).Handle(new IssuePlatformKeyCommand(command.Name, null), cancellationToken);
            return platformKey!.Key;
        }

        var created = await new CreateApiKeyHandler(db, secrets, callers, clock).Handle(new CreateApiKeyCommand(command.OrganisationSlug, command.Name, command.Role, null), cancellationToken);
        return created.Key;
    }
}
