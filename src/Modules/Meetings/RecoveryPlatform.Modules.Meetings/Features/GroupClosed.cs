using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Groups.Contracts;
using RecoveryPlatform.Modules.Meetings.Persistence;
using RecoveryPlatform.Modules.Meetings.Search;

namespace RecoveryPlatform.Modules.Meetings.Features;

/// <summary>
/// A closed group's meetings leave public results: each is marked (and audited) and dropped from
/// the search index. Kept as data, so reopening can be handled later without loss.
/// </summary>
internal sealed class MarkMeetingsOfClosedGroup(MeetingsDbContext db, MeetingSearchIndex index, TimeProvider clock) : INotificationHandler<GroupClosedIntegrationEvent>
{
    public async ValueTask Handle(GroupClosedIntegrationEvent notification, CancellationToken cancellationToken)
    {
        var meetings = await db.Meetings.Where(m => m.GroupId == notification.GroupId && m.GroupClosedAt == null).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var meeting in meetings)
        {
            meeting.MarkGroupClosed(notification.ClosedAt, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        await index.RefreshAsync(meetings.Select(m => m.Id).ToList(), cancellationToken);
    }
}
