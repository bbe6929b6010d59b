using Mediator;

namespace RecoveryPlatform.Modules.Meetings.Domain;

/// <summary>
/// A meeting was created, changed or deleted; published in-process after the change commits so the
/// module's read side (search) can refresh that one meeting.
/// </summary>
internal sealed record MeetingChanged(Guid MeetingId) : INotification;
