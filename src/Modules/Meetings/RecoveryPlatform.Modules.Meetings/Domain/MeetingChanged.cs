using RecoveryPlatform.SharedKernel.Messaging;

namespace RecoveryPlatform.Modules.Meetings.Domain;

/// <summary>
/// A meeting was created, changed or deleted. Recorded in the Meetings outbox with the change; search follows it,
/// and it is an entry of the public change feed. <paramref name="OrganisationId"/> and <paramref name="Action"/> are
/// null in rows recorded before the change feed.
/// </summary>
internal sealed record MeetingChanged(Guid MeetingId, Guid? OrganisationId, ChangeAction? Action) : IDirectoryChange
{
    ChangedEntity IDirectoryChange.Entity => ChangedEntity.Meeting;

    Guid IDirectoryChange.RecordId => MeetingId;
}

/// <summary>A format code of an organisation's vocabulary changed its meaning (the shared attributes it stands for): search reloads the organisation's meetings.</summary>
internal sealed record FormatVocabularyChanged(Guid OrganisationId) : IIntegrationEvent;

/// <summary>
/// A format code was added or replaced: an entry of the public change feed. Search does not follow it (a new code has
/// no meetings yet; a replaced one also records <see cref="FormatVocabularyChanged"/>, which search does follow).
/// </summary>
internal sealed record FormatCodeChanged(Guid FormatId, Guid? OrganisationId, ChangeAction? Action) : IDirectoryChange
{
    ChangedEntity IDirectoryChange.Entity => ChangedEntity.Format;

    Guid IDirectoryChange.RecordId => FormatId;
}
