using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Groups.Domain;
using RecoveryPlatform.Modules.Groups.Persistence;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Groups.Features;

/// <summary>
/// Who may change a group, and who sees it. Editors and admins of the owning organisation, and
/// platform admins, manage a group; everyone else only reads it, and only while its organisation is active.
/// </summary>
internal static class GroupAccess
{
    public static bool CanManage(Caller caller, Guid organisationId) => caller.HasRoleIn(organisationId, Role.Editor, Role.OrgAdmin);

    /// <summary>
    /// Loads a group the caller manages, tracked for change. Another organisation's group is reported
    /// as missing, so a write never reveals that it exists.
    /// </summary>
    public static async Task<Group> LoadManagedAsync(GroupsDbContext db, Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var group = await db.Groups.SingleOrDefaultAsync(g => g.Id == id, cancellationToken);
        return group is not null && CanManage(caller, group.OrganisationId)
            ? group
            : throw new NotFoundException("Group", id);
    }

    /// <summary>
    /// The organisation a group belongs to, when the caller may see the group: a suspended
    /// organisation's groups are visible to platform admins only (its own members cannot sign in).
    /// </summary>
    public static async Task<OrganisationSummary> VisibleOrganisationAsync(ISender sender, Caller caller, Group group, CancellationToken cancellationToken)
    {
        var organisation = await sender.Send(new GetOrganisationSummaryByIdQuery(group.OrganisationId), cancellationToken);
        return organisation is not null && (caller.IsPlatformAdmin || organisation.Status == OrganisationStatus.Active)
            ? organisation
            : throw new NotFoundException("Group", group.Id);
    }

    /// <summary>Organisations of the given ids whose groups the caller may see, by id.</summary>
    public static async Task<IReadOnlyDictionary<Guid, OrganisationSummary>> VisibleOrganisationsAsync(ISender sender, Caller caller, IReadOnlyCollection<Guid> organisationIds, CancellationToken cancellationToken)
    {
        var organisations = await sender.Send(new GetOrganisationSummariesQuery(organisationIds), cancellationToken);
        return caller.IsPlatformAdmin
            ? organisations
            : organisations.Where(o => o.Value.Status == OrganisationStatus.Active).ToDictionary(o => o.Key, o => o.Value);
    }
}
