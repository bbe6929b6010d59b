using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Persistence;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Messaging;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Meetings.Features.DeleteMeeting;

internal sealed record DeleteMeetingCommand(Guid Id, IfMatch? ExpectedVersion) : ICommand<Unit>;

internal sealed class DeleteMeetingHandler(MeetingsDbContext db, ICallerAccessor callers) : ICommandHandler<DeleteMeetingCommand, Unit>
{
    public async ValueTask<Unit> Handle(DeleteMeetingCommand command, CancellationToken cancellationToken)
    {
        var meeting = await MeetingAccess.LoadEditableAsync(db, callers.Caller, command.Id, cancellationToken);
        ConcurrencyHeaders.EnsureMatches(command.ExpectedVersion, meeting.Version);
        db.Meetings.Remove(meeting);
        db.Outbox.Add(new MeetingChanged(meeting.Id, meeting.OrganisationId, ChangeAction.Deleted));
        return Unit.Value;
    }
}

internal static class DeleteMeetingEndpoint
{
    public static void Map(IEndpointRouteBuilder meetings) =>
        meetings.MapDelete("/{id:guid}", (Guid id, HttpContext http) => VersionedResources.DeleteAsync(id, http, static async (key, expected, sender, cancellationToken) =>
                await sender.Send(new DeleteMeetingCommand(key, expected), cancellationToken)))
            .WithName("DeleteMeeting")
            .WithSummary("Delete a meeting")
            .WithDescription("Removes a meeting listed in error. A meeting that has stopped should be closed (status: closed) instead, so apps can say so. Requires If-Match.")
            .WithVersionedDeleteConventions(Policies.Editor);
}
