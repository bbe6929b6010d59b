using RecoveryPlatform.SharedKernel.Messaging;

namespace RecoveryPlatform.Modules.Organisations.Domain;

/// <summary>
/// An organisation's details changed but not its name or status (a description, a website): an entry of the public
/// change feed that no other module follows, unlike <see cref="Contracts.OrganisationChangedIntegrationEvent"/>.
/// </summary>
internal sealed record OrganisationDetailsChanged(Guid OrganisationId) : IDirectoryChange
{
    ChangedEntity IDirectoryChange.Entity => ChangedEntity.Organisation;

    Guid IDirectoryChange.RecordId => OrganisationId;

    Guid? IDirectoryChange.OrganisationId => OrganisationId;

    ChangeAction? IDirectoryChange.Action => ChangeAction.Updated;
}
