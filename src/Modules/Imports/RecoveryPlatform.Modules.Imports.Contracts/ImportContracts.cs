using RecoveryPlatform.SharedKernel.Messaging;

namespace RecoveryPlatform.Modules.Imports.Contracts;

/// <summary>
/// An import job ended: its changes (if it made any) committed with this event, or it failed and changed nothing.
/// Recorded in the Imports outbox for the change log; a subscriber reads the report at <c>/api/v1/imports/{JobId}</c>.
/// </summary>
public sealed record ImportFinishedIntegrationEvent(Guid JobId, Guid OrganisationId, bool Succeeded, bool DryRun) : IIntegrationEvent;
