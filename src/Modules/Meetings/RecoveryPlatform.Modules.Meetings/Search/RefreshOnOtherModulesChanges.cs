using Mediator;
using RecoveryPlatform.Modules.Groups.Contracts;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Venues.Contracts;

namespace RecoveryPlatform.Modules.Meetings.Search;

/// <summary>
/// Search results show venue, group and organisation details and hide meetings of closed groups and
/// suspended organisations; when those change in their own modules, the affected meetings are reloaded.
/// </summary>
internal sealed class RefreshOnOtherModulesChanges(MeetingSearchIndex index) :
    INotificationHandler<VenueChangedIntegrationEvent>,
    INotificationHandler<GroupChangedIntegrationEvent>,
    INotificationHandler<OrganisationChangedIntegrationEvent>
{
    public async ValueTask Handle(VenueChangedIntegrationEvent notification, CancellationToken cancellationToken) =>
        await index.RefreshWhereAsync(m => m.VenueId == notification.VenueId, cancellationToken);

    public async ValueTask Handle(GroupChangedIntegrationEvent notification, CancellationToken cancellationToken) =>
        await index.RefreshWhereAsync(m => m.GroupId == notification.GroupId, cancellationToken);

    public async ValueTask Handle(OrganisationChangedIntegrationEvent notification, CancellationToken cancellationToken) =>
        await index.RefreshWhereAsync(m => m.OrganisationId == notification.OrganisationId, cancellationToken);
}
