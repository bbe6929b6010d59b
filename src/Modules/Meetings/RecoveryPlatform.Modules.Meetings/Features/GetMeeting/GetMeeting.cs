using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Persistence;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Meetings.Features.GetMeeting;

internal sealed record GetMeetingQuery(Guid Id) : IQuery<VersionedMeeting>;

internal sealed class GetMeetingHandler(MeetingsDbContext db, ISender sender, ICallerAccessor callers, TimeProvider clock) : IQueryHandler<GetMeetingQuery, VersionedMeeting>
{
    public async ValueTask<VersionedMeeting> Handle(GetMeetingQuery query, CancellationToken cancellationToken)
    {
        var meeting = await LoadVisibleAsync(db, sender, callers.Caller, query.Id, cancellationToken);
        return new VersionedMeeting(MeetingResponse.From(meeting, clock.GetUtcNow()), meeting.Version);
    }

    /// <summary>A meeting as the caller may see it: a suspended organisation's meetings only to its own people.</summary>
    public static async Task<Meeting> LoadVisibleAsync(MeetingsDbContext db, ISender sender, Caller caller, Guid id, CancellationToken cancellationToken)
    {
        var meeting = await db.Meetings.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (meeting is null || (!caller.BelongsTo(meeting.OrganisationId) && !await MeetingAccess.IsOrganisationActiveAsync(sender, meeting.OrganisationId, cancellationToken)))
        {
            throw new NotFoundException("Meeting", id);
        }

        return meeting;
    }
}

internal static class GetMeetingEndpoint
{
    public static void Map(IEndpointRouteBuilder meetings) =>
        meetings.MapGet("/{id:guid}", async (Guid id, ISender sender, HttpResponse response, CancellationToken cancellationToken) =>
            {
                var found = await sender.Send(new GetMeetingQuery(id), cancellationToken);
                ConcurrencyHeaders.SetETag(response, found.Version);
                return TypedResults.Ok(found.Meeting);
            })
            .WithName("GetMeeting")
            .WithSummary("Get a meeting")
            .WithDescription("Public. Includes the next occurrence as a UTC instant with the local time and offset. The ETag is the version to send in If-Match.")
            .AllowAnonymous()
            .Produces<MeetingResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems();
}
