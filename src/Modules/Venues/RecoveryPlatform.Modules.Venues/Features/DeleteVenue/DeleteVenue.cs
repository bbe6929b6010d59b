using Mediator;
using RecoveryPlatform.Modules.Venues.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RecoveryPlatform.Modules.Meetings.Contracts;
using RecoveryPlatform.Modules.Venues.Persistence;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Messaging;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Venues.Features.DeleteVenue;

internal sealed record DeleteVenueCommand(Guid Id, IfMatch? ExpectedVersion) : ICommand<Unit>;

internal sealed class DeleteVenueHandler(VenuesDbContext db, ISender sender, ICallerAccessor callers) : ICommandHandler<DeleteVenueCommand, Unit>
{
    public async ValueTask<Unit> Handle(DeleteVenueCommand command, CancellationToken cancellationToken)
    {
        var venue = await VenueAccess.LoadEditableAsync(db, callers.Caller, command.Id, cancellationToken);
        ConcurrencyHeaders.EnsureMatches(command.ExpectedVersion, venue.Version);

        var meetings = await sender.Send(new GetMeetingsAtVenueQuery(venue.Id), cancellationToken);
        MeetingsInTheWay.RefuseIfAny(meetings, $"The venue is used by {meetings.Count} meeting(s); move them or archive the venue instead.");

        db.Venues.Remove(venue);
        db.Outbox.Add(new VenueChangedIntegrationEvent(venue.Id, venue.OrganisationId, ChangeAction.Deleted));
        return Unit.Value;
    }
}

internal static class DeleteVenueEndpoint
{
    public static void Map(IEndpointRouteBuilder venues) =>
        venues.MapDelete("/{id:guid}", (Guid id, HttpContext http) => VersionedResources.DeleteAsync(id, http, static async (key, expected, sender, cancellationToken) =>
                await sender.Send(new DeleteVenueCommand(key, expected), cancellationToken)))
            .WithName("DeleteVenue")
            .WithSummary("Delete a venue")
            .WithDescription("Only a venue no meeting uses: otherwise 409 naming the meetings (archive it instead). Requires If-Match.")
            .WithVersionedDeleteConventions(Policies.Editor)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
