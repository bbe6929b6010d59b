using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Meetings.Contracts;
using RecoveryPlatform.Modules.Meetings.Persistence;

namespace RecoveryPlatform.Modules.Meetings.Features;

/// <summary>An organisation's meetings by the ids their source directory gives them, for an import to match rows against.</summary>
internal sealed class GetMeetingsByExternalIdsHandler(MeetingsDbContext db)
    : IQueryHandler<GetMeetingsByExternalIdsQuery, IReadOnlyDictionary<string, ExternalMeetingMatch>>
{
    // Ids are asked for this many at a time: an import may hold 100,000, far past what one statement takes as parameters.
    private const int IdsPerQuery = 1_000;

    public async ValueTask<IReadOnlyDictionary<string, ExternalMeetingMatch>> Handle(GetMeetingsByExternalIdsQuery query, CancellationToken cancellationToken)
    {
        var matches = new Dictionary<string, ExternalMeetingMatch>(StringComparer.Ordinal);
        foreach (var chunk in query.ExternalIds.Distinct(StringComparer.Ordinal).Chunk(IdsPerQuery))
        {
            var rows = await db.Meetings.AsNoTracking()
                .Where(m => m.OrganisationId == query.OrganisationId && m.ExternalId != null && chunk.Contains(m.ExternalId))
                .Select(m => new { ExternalId = m.ExternalId!, m.Id, m.Version, m.SourceUpdatedAt })
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                matches[row.ExternalId] = new ExternalMeetingMatch(row.Id, row.Version, row.SourceUpdatedAt);
            }
        }

        return matches;
    }
}
