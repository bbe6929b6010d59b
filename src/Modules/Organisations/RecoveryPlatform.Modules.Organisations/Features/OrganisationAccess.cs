using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Organisations.Domain;
using RecoveryPlatform.Modules.Organisations.Persistence;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Organisations.Features;

internal static class OrganisationAccess
{
    /// <summary>
    /// Loads an organisation the caller administers. Anyone else's is reported as missing, so the
    /// answer never reveals that another organisation's record exists.
    /// </summary>
    public static async Task<Organisation> LoadAdministeredAsync(OrganisationsDbContext db, Caller caller, string slug, CancellationToken cancellationToken)
    {
        var organisation = await db.Organisations.SingleOrDefaultAsync(o => o.Slug == slug, cancellationToken);
        return organisation is not null && caller.HasRoleIn(organisation.Id, Role.OrgAdmin)
            ? organisation
            : throw new NotFoundException("Organisation", slug);
    }

    /// <summary>Referral roles belong to one side each: fellowships receive referrals, treatment services send them.</summary>
    public static bool RoleFitsKind(Role role, OrganisationKind kind) => role switch
    {
        Role.ReferralCoordinator => kind == OrganisationKind.Fellowship,
        Role.Referrer => kind == OrganisationKind.TreatmentService,
        Role.PlatformAdmin => false,
        _ => true,
    };
}
