using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Organisations.Domain;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Organisations.Features;

/// <summary>
/// Who sees which organisations. The public sees active fellowships; treatment services are shown
/// only to authenticated callers; suspended organisations only to their own members and platform admins.
/// </summary>
internal static class OrganisationVisibility
{
    public static IQueryable<Organisation> VisibleTo(this IQueryable<Organisation> organisations, Caller caller)
    {
        if (caller.IsPlatformAdmin)
        {
            return organisations;
        }

        var own = caller.OrganisationId ?? Guid.Empty;
        return caller.IsAuthenticated
            ? organisations.Where(o => o.Status == OrganisationStatus.Active || o.Id == own)
            : organisations.Where(o => o.Status == OrganisationStatus.Active && o.Kind == OrganisationKind.Fellowship);
    }
}
