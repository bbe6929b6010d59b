using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Meetings.Contracts;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;
using RecoveryPlatform.Modules.Meetings.Persistence;

namespace RecoveryPlatform.Modules.Meetings.Features;

/// <summary>Which meetings use a venue, regularly or for a one-off change, so the venue is not deleted from under them.</summary>
internal sealed class GetMeetingsAtVenueHandler(MeetingsDbContext db) : IQueryHandler<GetMeetingsAtVenueQuery, IReadOnlyList<MeetingReference>>
{
    public async ValueTask<IReadOnlyList<MeetingReference>> Handle(GetMeetingsAtVenueQuery query, CancellationToken cancellationToken) =>
        await db.Meetings.AsNoTracking()
            .Where(m => m.VenueId == query.VenueId || m.Exceptions.Any(e => e.NewVenueId == query.VenueId))
            .OrderBy(m => m.Name)
            .Select(m => new MeetingReference(m.Id, m.Name))
            .ToListAsync(cancellationToken);
}

/// <summary>Which meetings a group holds, so the group is not deleted from under them.</summary>
internal sealed class GetMeetingsOfGroupHandler(MeetingsDbContext db) : IQueryHandler<GetMeetingsOfGroupQuery, IReadOnlyList<MeetingReference>>
{
    public async ValueTask<IReadOnlyList<MeetingReference>> Handle(GetMeetingsOfGroupQuery query, CancellationToken cancellationToken) =>
        await db.Meetings.AsNoTracking()
            .Where(m => m.GroupId == query.GroupId)
            .OrderBy(m => m.Name)
            .Select(m => new MeetingReference(m.Id, m.Name))
            .ToListAsync(cancellationToken);
}

/// <summary>A meeting as the public sees it, for another module that links to it (a referral names one).</summary>
internal sealed class GetPublicMeetingHandler(MeetingsDbContext db, MeetingSearchIndex index) : IQueryHandler<GetPublicMeetingQuery, PublicMeeting?>
{
    public async ValueTask<PublicMeeting?> Handle(GetPublicMeetingQuery query, CancellationToken cancellationToken)
    {
        // The search index lists exactly the public meetings (active, of open groups of active organisations).
        var snapshot = await index.CurrentAsync(cancellationToken);
        if (!snapshot.Contains(query.MeetingId))
        {
            return null;
        }

        return await db.Meetings.AsNoTracking()
            .Where(m => m.Id == query.MeetingId)
            .Select(m => new PublicMeeting(m.Id, m.OrganisationId, m.GroupId, m.Name))
            .FirstOrDefaultAsync(cancellationToken);
    }
}
