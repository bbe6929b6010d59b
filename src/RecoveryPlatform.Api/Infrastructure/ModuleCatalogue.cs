using System.Reflection;
using RecoveryPlatform.Modules.Organisations;

namespace RecoveryPlatform.Api.Infrastructure;

/// <summary>The module assemblies this host composes.</summary>
internal static class ModuleCatalogue
{
    public static readonly Assembly[] Assemblies =
    [
        typeof(OrganisationsModule).Assembly,
        typeof(Modules.Venues.VenuesModule).Assembly,
        typeof(Modules.Groups.GroupsModule).Assembly,
        typeof(Modules.Meetings.MeetingsModule).Assembly,
        typeof(Modules.Referrals.ReferralsModule).Assembly,
        typeof(Modules.Imports.ImportsModule).Assembly,
        typeof(Modules.Webhooks.WebhooksModule).Assembly,
    ];
}
