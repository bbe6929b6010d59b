using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Organisations.Persistence;

namespace RecoveryPlatform.Modules.Organisations.Features.Listings;

/// <summary>Answers the feeds' question about organisations (declared in the Contracts project).</summary>
internal sealed class OrganisationListingHandler(OrganisationsDbContext db) : IQueryHandler<GetOrganisationListingsQuery, IReadOnlyDictionary<Guid, OrganisationListing>>
{
    public async ValueTask<IReadOnlyDictionary<Guid, OrganisationListing>> Handle(GetOrganisationListingsQuery query, CancellationToken cancellationToken)
    {
        // A platform holds hundreds of organisations, not tens of thousands: one question.
        var ids = query.OrganisationIds.Distinct().ToList();
        return await db.Organisations.AsNoTracking()
            .Where(o => ids.Contains(o.Id))
            .Select(o => new OrganisationListing(o.Id, o.Slug, o.Name, o.Website, o.Description, o.Status, o.UpdatedAt))
            .ToDictionaryAsync(o => o.Id, cancellationToken);
    }
}
