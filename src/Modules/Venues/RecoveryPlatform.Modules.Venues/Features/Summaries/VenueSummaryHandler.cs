using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Venues.Contracts;
using RecoveryPlatform.Modules.Venues.Domain;
using RecoveryPlatform.Modules.Venues.Persistence;

namespace RecoveryPlatform.Modules.Venues.Features.Summaries;

internal sealed class VenueSummaryHandler(VenuesDbContext db) :
    IQueryHandler<GetVenueSummariesQuery, IReadOnlyDictionary<Guid, VenueSummary>>,
    IQueryHandler<GetEveryVenueSummaryQuery, IReadOnlyDictionary<Guid, VenueSummary>>,
    IQueryHandler<GetVenuesOfOrganisationQuery, IReadOnlyList<VenueSummary>>
{
    public async ValueTask<IReadOnlyDictionary<Guid, VenueSummary>> Handle(GetVenueSummariesQuery query, CancellationToken cancellationToken)
    {
        var ids = query.VenueIds.Distinct().ToList();
        var venues = await db.Venues.AsNoTracking().Where(v => ids.Contains(v.Id)).ToListAsync(cancellationToken);
        return venues.ToDictionary(v => v.Id, v => v.ToSummary());
    }

    /// <summary>Only the summary's columns, not whole venues: this reads a whole directory.</summary>
    public async ValueTask<IReadOnlyDictionary<Guid, VenueSummary>> Handle(GetEveryVenueSummaryQuery query, CancellationToken cancellationToken)
    {
        var venues = new Dictionary<Guid, VenueSummary>();
        var rows = db.Venues.AsNoTracking()
            .Select(v => new { v.Id, v.OrganisationId, v.Name, v.Town, v.Postcode, v.CountryCode, v.Latitude, v.Longitude, v.Accessibility, v.ArchivedAt, v.UpdatedAt })
            .AsAsyncEnumerable();
        await foreach (var v in rows.WithCancellation(cancellationToken))
        {
            venues[v.Id] = new VenueSummary(v.Id, v.OrganisationId, v.Name, v.Town, v.Postcode, v.CountryCode, v.Latitude, v.Longitude, Venue.FeaturesOf(v.Accessibility), v.ArchivedAt is not null) { UpdatedAt = v.UpdatedAt };
        }

        return venues;
    }

    public async ValueTask<IReadOnlyList<VenueSummary>> Handle(GetVenuesOfOrganisationQuery query, CancellationToken cancellationToken) =>
        (await db.Venues.AsNoTracking().Where(v => v.OrganisationId == query.OrganisationId && v.ArchivedAt == null).OrderBy(v => v.Name).ToListAsync(cancellationToken))
            .Select(v => v.ToSummary()).ToList();
}
