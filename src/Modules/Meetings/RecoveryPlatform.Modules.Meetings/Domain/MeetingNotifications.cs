using Mediator;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.Modules.Meetings.Domain;

/// <summary>Queues <see cref="MeetingChanged"/> to be published once the command's transaction has committed.</summary>
internal sealed class MeetingNotifications(AfterCommit afterCommit, IPublisher publisher)
{
    public void AfterCommit(Guid meetingId) =>
        afterCommit.Enqueue(cancellationToken => publisher.Publish(new MeetingChanged(meetingId), cancellationToken).AsTask());
}
