using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Venues.Domain;
using RecoveryPlatform.Modules.Venues.Persistence;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Venues.Features;

internal static class VenueAccess
{
    private static readonly Role[] DirectoryRoles = [Role.Editor, Role.OrgAdmin];

    /// <summary>Loads a venue the caller may change; another organisation's venue is reported missing.</summary>
    public static async Task<Venue> LoadEditableAsync(VenuesDbContext db, Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var venue = await db.Venues.SingleOrDefaultAsync(v => v.Id == id, cancellationToken);
        return venue is not null && caller.HasRoleIn(venue.OrganisationId, DirectoryRoles)
            ? venue
            : throw new NotFoundException("Venue", id);
    }

    /// <summary>The organisations whose venues the public may see: active ones.</summary>
    public static async Task<HashSet<Guid>> ActiveOrganisationsAsync(ISender sender, IReadOnlyCollection<Guid> organisationIds, CancellationToken cancellationToken)
    {
        var summaries = await sender.Send(new GetOrganisationSummariesQuery(organisationIds), cancellationToken);
        return summaries.Values.Where(o => o.Status == OrganisationStatus.Active).Select(o => o.Id).ToHashSet();
    }
}
