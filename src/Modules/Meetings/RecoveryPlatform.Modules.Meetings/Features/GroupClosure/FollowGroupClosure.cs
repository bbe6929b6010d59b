using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Groups.Contracts;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Persistence;
using RecoveryPlatform.SharedKernel.Messaging;

namespace RecoveryPlatform.Modules.Meetings.Features.GroupClosure;

/// <summary>
/// A closed group's meetings leave public results, and come back when the group reopens: each meeting is
/// marked (and audited), never deleted, so reopening restores exactly what closing hid. Runs once per
/// event in the Meetings unit of work; marking is idempotent, and the inbox stops a redelivery anyway.
/// </summary>
internal sealed class FollowGroupClosure(MeetingsDbContext db, TimeProvider clock) :
    IIntegrationEventHandler<GroupClosedIntegrationEvent>,
    IIntegrationEventHandler<GroupReopenedIntegrationEvent>
{
    public async ValueTask Handle(GroupClosedIntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        var meetings = await db.Meetings.Where(m => m.GroupId == integrationEvent.GroupId && m.GroupClosedAt == null).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var meeting in meetings)
        {
            meeting.MarkGroupClosed(integrationEvent.ClosedAt, now);
            db.Outbox.Add(new MeetingChanged(meeting.Id, meeting.OrganisationId, ChangeAction.Updated));
        }
    }

    public async ValueTask Handle(GroupReopenedIntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        var meetings = await db.Meetings.Where(m => m.GroupId == integrationEvent.GroupId && m.GroupClosedAt != null).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var meeting in meetings)
        {
            meeting.MarkGroupReopened(now);
            db.Outbox.Add(new MeetingChanged(meeting.Id, meeting.OrganisationId, ChangeAction.Updated));
        }
    }
}
