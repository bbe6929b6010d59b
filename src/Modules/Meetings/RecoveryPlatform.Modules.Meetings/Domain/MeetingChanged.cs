using RecoveryPlatform.SharedKernel.Messaging;

namespace RecoveryPlatform.Modules.Meetings.Domain;

/// <summary>A meeting was created, changed or deleted. Recorded in the Meetings outbox with the change; search follows it.</summary>
internal sealed record MeetingChanged(Guid MeetingId) : IIntegrationEvent;

/// <summary>A format code of an organisation's vocabulary changed its meaning (the shared attributes it stands for).</summary>
internal sealed record FormatVocabularyChanged(Guid OrganisationId) : IIntegrationEvent;
