using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Venues.Persistence;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Venues.Features.GetVenue;

internal sealed record GetVenueQuery(Guid Id) : IQuery<VersionedVenue>;

internal sealed class GetVenueHandler(VenuesDbContext db, ISender sender, ICallerAccessor callers) : IQueryHandler<GetVenueQuery, VersionedVenue>
{
    public async ValueTask<VersionedVenue> Handle(GetVenueQuery query, CancellationToken cancellationToken)
    {
        var venue = await db.Venues.AsNoTracking().SingleOrDefaultAsync(v => v.Id == query.Id, cancellationToken)
            ?? throw new NotFoundException("Venue", query.Id);

        // A suspended organisation's venues leave public view; its own people and platform admins still see them.
        if (!callers.Caller.BelongsTo(venue.OrganisationId)
            && !(await VenueAccess.ActiveOrganisationsAsync(sender, [venue.OrganisationId], cancellationToken)).Contains(venue.OrganisationId))
        {
            throw new NotFoundException("Venue", query.Id);
        }

        return VersionedVenue.From(venue);
    }
}

internal static class GetVenueEndpoint
{
    public static void Map(IEndpointRouteBuilder venues) =>
        venues.MapGet("/{id:guid}", (Guid id, HttpContext http) => VersionedResources.GetAsync(id, http, static async (key, sender, cancellationToken) =>
            {
                var found = await sender.Send(new GetVenueQuery(key), cancellationToken);
                return new Tagged<VenueResponse>(found.Venue, ConcurrencyHeaders.ETagFor(found.Version));
            }))
            .WithName("GetVenue")
            .WithSummary("Get a venue")
            .WithDescription("Public. Archived venues are still returned, with archived: true. The ETag is the version to send back in If-Match.")
            .AllowAnonymous()
            .Produces<VenueResponse>()
            .WithResponseExample(CreateVenue.VenueExamples.Response)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems();
}
