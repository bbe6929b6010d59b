using System.Diagnostics;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Paging;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;

/// <param name="Criteria">The filters, read from the query string.</param>
/// <param name="Page">Page number.</param>
/// <param name="PageSize">Items per page.</param>
/// <param name="Now">The instant "now" stands for when the request gives no <c>at</c> (<see cref="SearchETag.Minute"/>).</param>
/// <param name="Snapshot">The snapshot to search: the one the response's ETag was made from.</param>
internal sealed record SearchMeetingsQuery(SearchCriteria Criteria, int Page, int PageSize, DateTimeOffset Now, SearchSnapshot Snapshot)
    : IQuery<PagedList<MeetingSearchResult>>, IPagedQuery;

internal sealed class SearchMeetingsHandler(SearchTelemetry telemetry) : IQueryHandler<SearchMeetingsQuery, PagedList<MeetingSearchResult>>
{
    public ValueTask<PagedList<MeetingSearchResult>> Handle(SearchMeetingsQuery query, CancellationToken cancellationToken)
    {
        var filterKind = SearchTelemetry.FilterKind(query.Criteria);
        var started = Stopwatch.GetTimestamp();
        using var activity = SearchTelemetry.StartSearch(filterKind);
        var (matches, total) = MeetingSearch.Run(query.Criteria, query.Now, query.Snapshot, query.Page, query.PageSize);
        activity?.SetTag("recoveryplatform.search.total", total);
        telemetry.RecordDuration(filterKind, Stopwatch.GetElapsedTime(started));
        return ValueTask.FromResult(new PagedList<MeetingSearchResult>(matches, query.Page, query.PageSize, total));
    }
}

internal static class SearchMeetingsEndpoint
{
    public static void Map(IEndpointRouteBuilder meetings) =>
        meetings.MapGet("/", async ([AsParameters] SearchMeetingsRequest request, HttpContext http, MeetingSearchIndex index, SearchAnswerVersions versions, TimeProvider clock, ISender sender, SearchResultJson json, CancellationToken cancellationToken) =>
            {
                // The ETag is known before searching (SearchETag): a client that holds it gets a 304 without a
                // search. The tag's query string is the one bound here, so a tag never matches a request that
                // validation would refuse (such a request never had a 200 to take a tag from).
                // As of the snapshot, minute and version the answer's cache key was made from, when it has one (SearchAnswerCache).
                var asOf = http.Features.Get<SearchAsOf>();
                var snapshot = asOf?.Snapshot ?? await index.CurrentAsync(cancellationToken);
                var now = asOf?.Minute ?? SearchETag.Minute(clock.GetUtcNow());
                var pathAndQuery = SearchETag.PathAndQuery(http.Request);
                var version = asOf?.Version ?? versions.Find(snapshot, pathAndQuery, now) ?? snapshot.Generation;
                if (ConditionalRequests.IsNotModified(http, SearchETag.For(version, http.Request, request.At is null ? now : null), out var notModified))
                {
                    return notModified;
                }

                var criteria = SearchCriteria.Read(request);
                var page = await sender.Send(new SearchMeetingsQuery(criteria, request.Page ?? 1, request.PageSize ?? Paging.DefaultPageSize, now, snapshot), cancellationToken);

                // Validated by now (a refusal throws): the next runs of this search can be given their version.
                versions.Remember(pathAndQuery, criteria);
                return json.Result(page);
            })
            .WithName("SearchMeetings")
            .WithSummary("Search meetings across every fellowship")
            .WithDescription("Public. Only active meetings of open groups of active organisations. Example: meetings starting in the next two hours near LS6, or online: ?near=LS6&includeOnline=true&startingWithin=PT2H.")
            .AllowAnonymous()
            .SameForEveryCaller()
            .CacheOutput(new SearchAnswerCache())
            .Produces<PagedList<MeetingSearchResult>>()
            .ProducesCommonProblems();
}
