using Mediator;
using RecoveryPlatform.Modules.Groups.Contracts;
using RecoveryPlatform.SharedKernel.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RecoveryPlatform.Modules.Groups.Persistence;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Groups.Features.DeleteGroup;

internal sealed record DeleteGroupCommand(Guid Id, Guid? ExpectedVersion) : ICommand<Unit>;

internal sealed class DeleteGroupHandler(GroupsDbContext db, ICallerAccessor callers, IPublisher publisher, AfterCommit afterCommit) : ICommandHandler<DeleteGroupCommand, Unit>
{
    public async ValueTask<Unit> Handle(DeleteGroupCommand command, CancellationToken cancellationToken)
    {
        var group = await GroupAccess.LoadManagedAsync(db, callers.Caller, command.Id, cancellationToken);
        ConcurrencyHeaders.EnsureMatches(command.ExpectedVersion, group.Version);
        db.Groups.Remove(group);
        afterCommit.Publish(publisher, new GroupChangedIntegrationEvent(group.Id));
        return Unit.Value;
    }
}

internal static class DeleteGroupEndpoint
{
    public static void Map(IEndpointRouteBuilder groups) =>
        groups.MapDelete("/{id:guid}", async (Guid id, ISender sender, HttpRequest http, CancellationToken cancellationToken) =>
            {
                await sender.Send(new DeleteGroupCommand(id, ConcurrencyHeaders.RequireIfMatch(http)), cancellationToken);
                return TypedResults.NoContent();
            })
            .WithName("DeleteGroup")
            .WithSummary("Delete a group")
            .WithDescription(
                "Removes a group entered by mistake. A group that stopped meeting should be closed instead (status 'closed'), which keeps its page " +
                "and tells the Meetings module. Editors and organisation admins of its organisation, and platform admins; requires If-Match.")
            .RequireAuthorization(Policies.Editor)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesAuthProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesConcurrencyProblems()
            .ProducesCommonProblems();
}
