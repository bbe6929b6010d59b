using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RecoveryPlatform.Modules.Groups.Contracts;
using RecoveryPlatform.Modules.Groups.Persistence;
using RecoveryPlatform.Modules.Meetings.Contracts;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Messaging;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Groups.Features.DeleteGroup;

internal sealed record DeleteGroupCommand(Guid Id, IfMatch? ExpectedVersion) : ICommand<Unit>;

/// <summary>
/// Deletes a group entered by mistake. A group that holds meetings is refused, as a venue in use is:
/// deleting it would leave meetings without a group, while closing it keeps everything and can be undone.
/// </summary>
internal sealed class DeleteGroupHandler(GroupsDbContext db, ISender sender, ICallerAccessor callers) : ICommandHandler<DeleteGroupCommand, Unit>
{
    public async ValueTask<Unit> Handle(DeleteGroupCommand command, CancellationToken cancellationToken)
    {
        var group = await GroupAccess.LoadManagedAsync(db, callers.Caller, command.Id, cancellationToken);
        ConcurrencyHeaders.EnsureMatches(command.ExpectedVersion, group.Version);

        var meetings = await sender.Send(new GetMeetingsOfGroupQuery(group.Id), cancellationToken);
        MeetingsInTheWay.RefuseIfAny(meetings, $"The group holds {meetings.Count} meeting(s); delete or move them first, or close the group instead.");

        db.Groups.Remove(group);
        db.Outbox.Add(new GroupChangedIntegrationEvent(group.Id, group.OrganisationId, ChangeAction.Deleted));
        return Unit.Value;
    }
}

internal static class DeleteGroupEndpoint
{
    public static void Map(IEndpointRouteBuilder groups) =>
        groups.MapDelete("/{id:guid}", (Guid id, HttpContext http) => VersionedResources.DeleteAsync(id, http, static async (key, expected, sender, cancellationToken) =>
                await sender.Send(new DeleteGroupCommand(key, expected), cancellationToken)))
            .WithName("DeleteGroup")
            .WithSummary("Delete a group")
            .WithDescription(
                "Removes a group entered by mistake. A group that holds meetings cannot be deleted (409 naming them): a group that stopped " +
                "meeting should be closed instead (status 'closed'), which keeps its page, takes its meetings out of public results and can be undone. " +
                "Editors and organisation admins of its organisation, and platform admins; requires If-Match.")
            .WithVersionedDeleteConventions(Policies.Editor)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
