using FluentValidation;
using Mediator;

namespace RecoveryPlatform.Modules.Organisations.Features.ApiKeys;

/// <summary>
/// Registers a platform-wide administrator key. Not reachable over HTTP: used at start-up for the
/// configured bootstrap key and for the demo keys. With <c>PresentedKey</c> null a new key is made.
/// </summary>
internal sealed record IssuePlatformKeyCommand(string Name, string? PresentedKey) : ICommand<CreatedApiKeyResponse?>;

internal sealed class IssuePlatformKeyValidator : AbstractValidator<IssuePlatformKeyCommand>
{
    public IssuePlatformKeyValidator() => RuleFor(c => c.Name).ValidKeyName();
}

internal sealed class IssuePlatformKeyHandler(ApiKeyIssuer issuer) : ICommandHandler<IssuePlatformKeyCommand, CreatedApiKeyResponse?>
{
    public async ValueTask<CreatedApiKeyResponse?> Handle(IssuePlatformKeyCommand command, CancellationToken cancellationToken) =>
        await issuer.IssuePlatformKeyAsync(command.Name, command.PresentedKey, cancellationToken);
}
