using RecoveryPlatform.SharedKernel.Messaging;

namespace RecoveryPlatform.Modules.Groups.Contracts;

/// <summary>
/// A group was closed: it no longer meets, and its meetings leave public results. Recorded in the Groups
/// outbox when a group's status becomes closed; the Meetings module marks the group's meetings.
/// </summary>
public sealed record GroupClosedIntegrationEvent(Guid GroupId, Guid OrganisationId, DateTimeOffset ClosedAt) : IIntegrationEvent;

/// <summary>
/// A closed group meets again (its status went from closed to active or inactive). Recorded in the Groups
/// outbox; the Meetings module brings back the meetings that the closure had taken out of public results.
/// </summary>
public sealed record GroupReopenedIntegrationEvent(Guid GroupId, Guid OrganisationId, DateTimeOffset ReopenedAt) : IIntegrationEvent;

/// <summary>
/// A group was created, changed or deleted. Recorded in the Groups outbox with the change; an entry of the public
/// change feed. <paramref name="OrganisationId"/> and <paramref name="Action"/> are null in rows recorded before the change feed.
/// </summary>
public sealed record GroupChangedIntegrationEvent(Guid GroupId, Guid? OrganisationId, ChangeAction? Action) : IDirectoryChange
{
    ChangedEntity IDirectoryChange.Entity => ChangedEntity.Group;

    Guid IDirectoryChange.RecordId => GroupId;
}
