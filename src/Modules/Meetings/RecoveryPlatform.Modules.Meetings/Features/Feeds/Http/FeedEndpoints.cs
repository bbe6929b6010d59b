using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RecoveryPlatform.Modules.Meetings.Features.Feeds.Csv;
using RecoveryPlatform.Modules.Meetings.Features.Feeds.MeetingGuide;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Http;

namespace RecoveryPlatform.Modules.Meetings.Features.Feeds.Http;

/// <summary>The published feeds: public, the same for every caller, built once per change (docs/feeds.md).</summary>
internal static class FeedEndpoints
{
    private const string Tag = "Feeds";

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/feeds/meeting-guide.json", (PublishedFeeds feeds, HttpContext http, CancellationToken cancellationToken) =>
                ServeAsync(http, feeds, new FeedKey(MeetingGuideWriter.Instance, null), cancellationToken))
            .WithName("GetMeetingGuideFeed")
            .WithSummary("Every public meeting as a Meeting Guide feed")
            .WithDescription(
                "The Meeting Guide JSON format (code4recovery/spec) that TSML UI, 12 Step Meeting List and the Meeting Guide app read: one array of every " +
                "public meeting of every active organisation, the organisation in entity and entity_url. Fortnightly and monthly meetings are listed on " +
                "their weekday with their pattern and next date first in notes. Strong ETag and Last-Modified; If-None-Match and If-Modified-Since answer 304. " +
                "Built once per change to the directory, gzip-compressed once. The mapping field by field: docs/feeds.md.")
            .Produces<IReadOnlyList<MeetingGuideMeeting>>(StatusCodes.Status200OK, "application/json")
            .WithResponseExample(Example)
            .WithFeedConventions();

        api.MapGet("/organisations/{slug}/feeds/meeting-guide.json", (string slug, PublishedFeeds feeds, ISender sender, HttpContext http, CancellationToken cancellationToken) =>
                ServeOrganisationAsync(http, feeds, sender, slug, MeetingGuideWriter.Instance, cancellationToken))
            .WithName("GetOrganisationMeetingGuideFeed")
            .WithSummary("An organisation's public meetings as a Meeting Guide feed")
            .WithDescription(
                "The organisation's public meetings in the Meeting Guide JSON format, as GET /api/v1/feeds/meeting-guide.json lists them. An unknown or " +
                "suspended organisation answers 404, never an empty feed (which a mirror would take as every meeting gone).")
            .Produces<IReadOnlyList<MeetingGuideMeeting>>(StatusCodes.Status200OK, "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithFeedConventions();

        api.MapGet("/organisations/{slug}/feeds/meetings.csv", (string slug, PublishedFeeds feeds, ISender sender, HttpContext http, CancellationToken cancellationToken) =>
                ServeOrganisationAsync(http, feeds, sender, slug, MeetingsCsvWriter.Instance, cancellationToken))
            .WithName("GetOrganisationMeetingsCsv")
            .WithSummary("An organisation's public meetings as CSV")
            .WithDescription(
                "The organisation's public meetings in the column layout of the TSML / Meeting Guide spreadsheet import (12 Step Meeting List's template.csv, " +
                "plus Conference URL Notes): RFC 4180, UTF-8, a header row. An unknown or suspended organisation answers 404.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithFeedConventions();
    }

    private static readonly MeetingGuideMeeting[] Example =
    [
        new(
            "Headingley Fortnightly Step Study", "01a23164-3529-7d13-99c3-748389fb5ee4", 3, "19:30", "21:00", "Europe/London", ["C", "EN", "ST", "X"],
            "Every other Wednesday; next on Wednesday 9 December 2026.\n\nWe read a step and share on it.", "St Michael's Church Hall", "Side door, up the ramp.",
            "St Michael's Road, Leeds, LS6 3AW, United Kingdom", "St Michael's Road", "Leeds", "LS6 3AW", "United Kingdom", 53.8196, -1.5773, "no",
            "https://zoom.us/j/81234567890", "The passcode is on the group's page.", null, "Headingley Group", "A friendly group near the university.", ["Leeds"],
            "2026-11-30 18:02:11", "Alcoholics Anonymous Great Britain", "https://www.alcoholics-anonymous.org.uk", null, "hybrid"),
    ];

    private static RouteHandlerBuilder WithFeedConventions(this RouteHandlerBuilder builder) =>
        builder.WithTags(Tag).AllowAnonymous().SameForEveryCaller().SendsLastModified().ProducesCommonProblems();

    private static async Task<IResult> ServeAsync(HttpContext http, PublishedFeeds feeds, FeedKey key, CancellationToken cancellationToken) =>
        FeedResponses.Serve(http, await feeds.GetAsync(key, cancellationToken));

    private static async Task<IResult> ServeOrganisationAsync(HttpContext http, PublishedFeeds feeds, ISender sender, string slug, IFeedWriter writer, CancellationToken cancellationToken)
    {
        var organisation = await sender.Send(new GetOrganisationSummaryBySlugQuery(slug), cancellationToken);
        if (organisation is not { Status: OrganisationStatus.Active })
        {
            // A suspended organisation publishes nothing: an empty feed would tell a mirror to delete every meeting.
            throw new NotFoundException("Organisation", slug);
        }

        return await ServeAsync(http, feeds, new FeedKey(writer, organisation.Id), cancellationToken);
    }
}
