using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Venues.Contracts;
using RecoveryPlatform.Modules.Venues.Persistence;

namespace RecoveryPlatform.Modules.Venues.Features.Summaries;

internal sealed class VenueSummaryHandler(VenuesDbContext db) : IQueryHandler<GetVenueSummariesQuery, IReadOnlyDictionary<Guid, VenueSummary>>
{
    public async ValueTask<IReadOnlyDictionary<Guid, VenueSummary>> Handle(GetVenueSummariesQuery query, CancellationToken cancellationToken)
    {
        var ids = query.VenueIds.Distinct().ToList();
        var venues = await db.Venues.AsNoTracking().Where(v => ids.Contains(v.Id)).ToListAsync(cancellationToken);
        return venues.ToDictionary(v => v.Id, v => v.ToSummary());
    }
}
