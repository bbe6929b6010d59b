using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Venues.Contracts;
using RecoveryPlatform.Modules.Venues.Persistence;

namespace RecoveryPlatform.Modules.Venues.Features.Summaries;

internal sealed class VenueSummaryHandler(VenuesDbContext db) :
    IQueryHandler<GetVenueSummariesQuery, IReadOnlyDictionary<Guid, VenueSummary>>,
    IQueryHandler<GetVenuesOfOrganisationQuery, IReadOnlyList<VenueSummary>>
{
    public async ValueTask<IReadOnlyDictionary<Guid, VenueSummary>> Handle(GetVenueSummariesQuery query, CancellationToken cancellationToken)
    {
        var ids = query.VenueIds.Distinct().ToList();
        var venues = await db.Venues.AsNoTracking().Where(v => ids.Contains(v.Id)).ToListAsync(cancellationToken);
        return venues.ToDictionary(v => v.Id, v => v.ToSummary());
    }

    public async ValueTask<IReadOnlyList<VenueSummary>> Handle(GetVenuesOfOrganisationQuery query, CancellationToken cancellationToken) =>
        (await db.Venues.AsNoTracking().Where(v => v.OrganisationId == query.OrganisationId && v.ArchivedAt == null).OrderBy(v => v.Name).ToListAsync(cancellationToken))
            .Select(v => v.ToSummary()).ToList();
}
