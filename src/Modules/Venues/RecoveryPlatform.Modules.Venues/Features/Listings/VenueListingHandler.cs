using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Venues.Contracts;
using RecoveryPlatform.Modules.Venues.Domain;
using RecoveryPlatform.Modules.Venues.Persistence;

namespace RecoveryPlatform.Modules.Venues.Features.Listings;

/// <summary>Answers the feeds' question about venues (declared in the Contracts project).</summary>
internal sealed class VenueListingHandler(VenuesDbContext db) : IQueryHandler<GetVenueListingsQuery, IReadOnlyDictionary<Guid, VenueListing>>
{
    // A whole directory's feed asks about tens of thousands of venues; SQLite refuses more than 32,766 parameters.
    private const int IdsPerQuery = 10_000;

    public async ValueTask<IReadOnlyDictionary<Guid, VenueListing>> Handle(GetVenueListingsQuery query, CancellationToken cancellationToken)
    {
        var listings = new Dictionary<Guid, VenueListing>();
        foreach (var ids in query.VenueIds.Distinct().Chunk(IdsPerQuery))
        {
            var rows = db.Venues.AsNoTracking()
                .Where(v => ids.Contains(v.Id))
                .Select(v => new { v.Id, v.Name, v.AddressLine1, v.AddressLine2, v.Town, v.Region, v.Postcode, v.CountryCode, v.Latitude, v.Longitude, v.Directions, v.AccessNotes, v.Accessibility, v.UpdatedAt, v.NameDerived, v.CoordinatesApproximate })
                .AsAsyncEnumerable();
            await foreach (var v in rows.WithCancellation(cancellationToken))
            {
                listings[v.Id] = new VenueListing(
                    v.Id, v.Name, v.AddressLine1, v.AddressLine2, v.Town, v.Region, v.Postcode, v.CountryCode, v.Latitude, v.Longitude, v.Directions, v.AccessNotes, Venue.FeaturesOf(v.Accessibility), v.UpdatedAt)
                {
                    NameDerived = v.NameDerived,
                    CoordinatesApproximate = v.CoordinatesApproximate,
                };
            }
        }

        return listings;
    }
}
