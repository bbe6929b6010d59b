using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Groups.Contracts;
using RecoveryPlatform.Modules.Groups.Persistence;

namespace RecoveryPlatform.Modules.Groups.Features.Listings;

/// <summary>Answers the feeds' question about groups (declared in the Contracts project).</summary>
internal sealed class GroupListingHandler(GroupsDbContext db) : IQueryHandler<GetGroupListingsQuery, IReadOnlyDictionary<Guid, GroupListing>>
{
    // A whole directory's feed asks about tens of thousands of groups; SQLite refuses more than 32,766 parameters.
    private const int IdsPerQuery = 10_000;

    public async ValueTask<IReadOnlyDictionary<Guid, GroupListing>> Handle(GetGroupListingsQuery query, CancellationToken cancellationToken)
    {
        var listings = new Dictionary<Guid, GroupListing>();
        foreach (var ids in query.GroupIds.Distinct().Chunk(IdsPerQuery))
        {
            var rows = db.Groups.AsNoTracking()
                .Where(g => ids.Contains(g.Id))
                .Select(g => new GroupListing(g.Id, g.Name, g.Description, g.Website, g.ServiceAreas, g.UpdatedAt)
                {
                    ServiceBody = g.ServiceBodyName == null ? null : new ServiceBodyListing(g.ServiceBodyName, g.ServiceBodyUrl),
                })
                .AsAsyncEnumerable();
            await foreach (var listing in rows.WithCancellation(cancellationToken))
            {
                listings[listing.Id] = listing;
            }
        }

        return listings;
    }
}
