using Mediator;

namespace RecoveryPlatform.Modules.Groups.Contracts;

/// <summary>
/// A group was closed: it no longer meets. Published once, after the change is saved, when a group's
/// status becomes closed. The Meetings module will end the group's meetings on it.
/// </summary>
public sealed record GroupClosedIntegrationEvent(Guid GroupId, Guid OrganisationId, DateTimeOffset ClosedAt) : INotification;

/// <summary>A group's details changed or it was deleted; published after the change is saved.</summary>
public sealed record GroupChangedIntegrationEvent(Guid GroupId) : INotification;
