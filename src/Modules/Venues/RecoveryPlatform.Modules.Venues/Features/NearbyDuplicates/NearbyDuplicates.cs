using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Venues.Domain;
using RecoveryPlatform.Modules.Venues.Persistence;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Venues.Features.NearbyDuplicates;

/// <summary>A venue that may be the same place as another: how far away and how alike the names are.</summary>
internal sealed record DuplicateCandidate(VenueResponse Venue, double DistanceMetres, double NameSimilarity);

internal sealed record FindNearbyDuplicatesQuery(Guid Id) : IQuery<Tagged<IReadOnlyList<DuplicateCandidate>>>;

/// <summary>
/// Candidates within about 50 m whose names share most of their words: the same church hall listed
/// by two fellowships. Data stewards merge by hand; nothing is merged automatically.
/// </summary>
internal sealed class FindNearbyDuplicatesHandler(VenuesDbContext db, ICallerAccessor callers) : IQueryHandler<FindNearbyDuplicatesQuery, Tagged<IReadOnlyList<DuplicateCandidate>>>
{
    public const double RadiusMetres = 50;
    public const double MinimumSimilarity = 0.5;

    public async ValueTask<Tagged<IReadOnlyList<DuplicateCandidate>>> Handle(FindNearbyDuplicatesQuery query, CancellationToken cancellationToken)
    {
        var venue = await db.Venues.AsNoTracking().SingleOrDefaultAsync(v => v.Id == query.Id, cancellationToken);
        if (venue is null || !callers.Caller.BelongsTo(venue.OrganisationId))
        {
            throw new NotFoundException("Venue", query.Id);
        }

        // A bounding box on the indexed coordinates first; exact distance only for what falls inside it.
        var box = GeoBox.Around(venue.Latitude, venue.Longitude, RadiusMetres);
        var nearby = await db.Venues.AsNoTracking()
            .Where(v => v.Id != venue.Id && v.ArchivedAt == null
                && v.Latitude >= box.MinLatitude && v.Latitude <= box.MaxLatitude
                && v.Longitude >= box.MinLongitude && v.Longitude <= box.MaxLongitude)
            .Take(200)
            .ToListAsync(cancellationToken);

        var candidates = nearby
            .Select(v => (Venue: v, Candidate: new DuplicateCandidate(VenueResponse.From(v), Math.Round(GeoBox.DistanceMetres(venue.Latitude, venue.Longitude, v.Latitude, v.Longitude), 1), Math.Round(NameSimilarity.Of(venue.Name, v.Name), 2))))
            .Where(c => c.Candidate.DistanceMetres <= RadiusMetres && c.Candidate.NameSimilarity >= MinimumSimilarity)
            .OrderBy(c => c.Candidate.DistanceMetres)
            .ToList();

        // Distances and likeness follow from this venue's place and name and each candidate's: their versions.
        var tag = new ETagBuilder().Add(venue.Version).Add(candidates.Count);
        candidates.ForEach(c => tag.Add(c.Venue.Id).Add(c.Venue.Version));
        return new Tagged<IReadOnlyList<DuplicateCandidate>>([.. candidates.Select(c => c.Candidate)], tag.Build());
    }
}

internal static class NearbyDuplicatesEndpoint
{
    public static void Map(IEndpointRouteBuilder venues) =>
        venues.MapGet("/{id:guid}/nearby-duplicates", async (Guid id, ISender sender, HttpResponse response, CancellationToken cancellationToken) =>
            {
                var found = await sender.Send(new FindNearbyDuplicatesQuery(id), cancellationToken);
                ConcurrencyHeaders.SetETag(response, found.ETag);
                return TypedResults.Ok(found.Value);
            })
            .WithName("ListNearbyDuplicateVenues")
            .WithSummary("Find venues that may be the same place")
            .WithDescription("Editors of the venue's organisation: venues of any organisation within about 50 m whose names are similar, nearest first, to merge by hand.")
            .RequireAuthorization(Policies.Editor)
            .Produces<IReadOnlyList<DuplicateCandidate>>()
            .ProducesAuthProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems();
}
