using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Persistence;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Meetings.Features.GetMeeting;

internal sealed record GetMeetingQuery(Guid Id) : IQuery<VersionedMeeting>;

internal sealed class GetMeetingHandler(VisibleMeetings meetings, TimeProvider clock) : IQueryHandler<GetMeetingQuery, VersionedMeeting>
{
    public async ValueTask<VersionedMeeting> Handle(GetMeetingQuery query, CancellationToken cancellationToken)
    {
        var meeting = await meetings.GetAsync(query.Id, cancellationToken);
        return new VersionedMeeting(MeetingResponse.From(meeting, clock.GetUtcNow()), meeting.Version);
    }
}

/// <summary>Meetings as the caller may read them: a suspended organisation's meetings only to its own people.</summary>
/// <remarks>
/// The database context is resolved only when the cache misses: most reads are hits, and creating a
/// context per request was a measurable share of serving one.
/// </remarks>
internal sealed class VisibleMeetings(IServiceProvider services, ISender sender, MeetingSearchIndex index, MeetingCache cache, ICallerAccessor callers)
{
    /// <summary>The meeting, read-only (it may be shared with other requests); 404 when missing or not visible.</summary>
    public async Task<Meeting> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var meeting = await cache.GetOrLoadAsync(id, () =>
            services.GetRequiredService<MeetingsDbContext>().Meetings.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken));

        // The search index lists exactly the public meetings and follows organisations' status changes,
        // so a meeting listed there needs no second query to confirm that its organisation is active.
        if (meeting is null || !(callers.Caller.BelongsTo(meeting.OrganisationId) || index.IsListed(id)
            || await MeetingAccess.IsOrganisationActiveAsync(sender, meeting.OrganisationId, cancellationToken)))
        {
            throw new NotFoundException("Meeting", id);
        }

        return meeting;
    }
}

internal static class GetMeetingEndpoint
{
    public static void Map(IEndpointRouteBuilder meetings) =>
        meetings.MapGet("/{id:guid}", (Guid id, HttpContext http) => VersionedResources.GetAsync(id, http, static async (key, sender, cancellationToken) =>
            {
                var found = await sender.Send(new GetMeetingQuery(key), cancellationToken);
                return new Tagged<MeetingResponse>(found.Meeting, found.ETag);
            }))
            .WithName("GetMeeting")
            .WithSummary("Get a meeting")
            .WithDescription("Public. Includes the next occurrence as a UTC instant with the local time and offset. The ETag is the version to send in If-Match.")
            .AllowAnonymous()
            .Produces<MeetingResponse>()
            .WithResponseExample(CreateMeeting.MeetingExamples.Response)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems();
}
