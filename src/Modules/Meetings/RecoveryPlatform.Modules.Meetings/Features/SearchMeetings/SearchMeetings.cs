using System.Xml;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.Modules.Meetings.Domain;
using RecoveryPlatform.Modules.Meetings.Domain.Formats;
using RecoveryPlatform.Modules.Meetings.Search;
using RecoveryPlatform.Modules.Venues.Contracts;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Paging;

namespace RecoveryPlatform.Modules.Meetings.Features.SearchMeetings;

/// <summary>Search filters; all combine. Lists may repeat the parameter or separate values with commas.</summary>
/// <param name="Lat">Latitude of the point to search around (with lng).</param>
/// <param name="Lng">Longitude of the point to search around (with lat).</param>
/// <param name="RadiusKm">Distance from the point, more than 0 and at most 500 km (default 10 with a point); a radius needs a point.</param>
/// <param name="Near">A UK postcode (LS6 1AA) or postcode district (LS6) to search around instead of lat/lng.</param>
/// <param name="IncludeOnline">With a point: also return online meetings, which have no place ("near LS6, or online").</param>
/// <param name="Organisation">Organisation slugs, e.g. aa-great-britain,na-uk; at most 20.</param>
/// <param name="Day">Weekdays in the meeting's own time zone, e.g. tuesday.</param>
/// <param name="StartsAfter">Local start time at or after HH:mm.</param>
/// <param name="StartsBefore">Local start time before HH:mm.</param>
/// <param name="StartingWithin">ISO 8601 duration (e.g. PT2H): an occurrence starts between at and at + this, in true instants across time zones, clock changes and exceptions. At most P7D.</param>
/// <param name="At">The instant startingWithin and inProgress count from (default now); 1900 to 2999.</param>
/// <param name="InProgress">Only meetings under way at the instant 'at'.</param>
/// <param name="Attendance">in-person, online, hybrid.</param>
/// <param name="Attribute">Shared attributes, all of which must match, e.g. women-only, newcomer-friendly.</param>
/// <param name="Format">An organisation's own format codes, all of which must match; at most 20.</param>
/// <param name="Language">ISO 639-1 codes; any of them.</param>
/// <param name="Accessibility">Venue accessibility features, all of which must match, e.g. step-free-access.</param>
/// <param name="Q">Words in the meeting, group, venue or town names (prefixes match: "big bo").</param>
/// <param name="UpdatedSince">Only meetings changed at or after this instant; 1900 to 2999.</param>
/// <param name="Sort">distance, nextOccurrence or name. Default: nextOccurrence with startingWithin or inProgress, distance with a point, else name. Sorting by distance needs a point (lat/lng or near).</param>
/// <param name="Page">Page number, from 1.</param>
/// <param name="PageSize">Items per page, 1 to 100.</param>
internal sealed record SearchMeetingsRequest(
    double? Lat,
    double? Lng,
    double? RadiusKm,
    string? Near,
    bool? IncludeOnline,
    string[]? Organisation,
    string[]? Day,
    string? StartsAfter,
    string? StartsBefore,
    string? StartingWithin,
    DateTimeOffset? At,
    bool? InProgress,
    string[]? Attendance,
    string[]? Attribute,
    string[]? Format,
    string[]? Language,
    string[]? Accessibility,
    string? Q,
    DateTimeOffset? UpdatedSince,
    string? Sort,
    int? Page,
    int? PageSize);

/// <param name="Request">The filters.</param>
/// <param name="Page">Page number.</param>
/// <param name="PageSize">Items per page.</param>
/// <param name="Now">The instant "now" stands for when the request gives no <c>at</c> (<see cref="SearchETag.Minute"/>).</param>
/// <param name="Snapshot">The snapshot to search: the one the response's ETag was made from.</param>
internal sealed record SearchMeetingsQuery(SearchMeetingsRequest Request, int Page, int PageSize, DateTimeOffset Now, SearchSnapshot Snapshot)
    : IQuery<PagedList<MeetingSearchResult>>, IPagedQuery
{
    public static IReadOnlyList<string> Values(string[]? raw) =>
        raw is null ? [] : raw.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
}

internal sealed record OrganisationRef(Guid Id, string Slug, string Name);

internal sealed record GroupRef(Guid Id, string Name);

internal sealed record VenueRef(Guid Id, string Name, string? Town, string? Postcode, double Latitude, double Longitude, IReadOnlyList<AccessibilityFeature> Accessibility);

internal sealed record OnlineRef(string? Url, string? Phone);

internal sealed record ScheduleSummary(DayOfWeek Day, string StartTime, int DurationMinutes, string TimeZone, RecurrenceKind Recurrence);

/// <summary>One meeting in search results: enough to list it; GET /api/v1/meetings/{id} has the rest.</summary>
internal sealed record MeetingSearchResult(
    Guid Id,
    string Name,
    OrganisationRef Organisation,
    GroupRef Group,
    Attendance Attendance,
    VenueRef? Venue,
    OnlineRef? Online,
    ScheduleSummary Schedule,
    IReadOnlyList<string> Formats,
    IReadOnlyList<SharedAttribute> Attributes,
    IReadOnlyList<string> Languages,
    double? DistanceKm,
    OccurrenceResponse? NextOccurrence)
{
    /// <summary>
    /// The index entry this result was made from (not serialised): the same entry always gives the same
    /// fields but the last two, so <see cref="SearchResultJson"/> renders those fields once per entry.
    /// </summary>
    internal SearchEntry? Source { get; init; }
}

internal sealed class SearchMeetingsValidator : AbstractValidator<SearchMeetingsQuery>
{
    public const double MaxRadiusKm = 500;
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(7);

    public SearchMeetingsValidator()
    {
        this.ValidatePaging();
        RuleFor(q => q.Request.Lat).InclusiveBetween(-90, 90).OverridePropertyName("lat");
        RuleFor(q => q.Request.Lng).InclusiveBetween(-180, 180).OverridePropertyName("lng");
        RuleFor(q => q.Request.Lat).NotNull().When(q => q.Request.Lng is not null).OverridePropertyName("lat").WithMessage("Give lat and lng together.");
        RuleFor(q => q.Request.Lng).NotNull().When(q => q.Request.Lat is not null).OverridePropertyName("lng").WithMessage("Give lat and lng together.");
        RuleFor(q => q.Request.RadiusKm).GreaterThan(0).LessThanOrEqualTo(MaxRadiusKm).OverridePropertyName("radiusKm");
        RuleFor(q => q.Request.RadiusKm).Must((q, _) => q.Request.Lat is not null || q.Request.Near is not null).When(q => q.Request.RadiusKm is not null)
            .OverridePropertyName("radiusKm").WithMessage("A radius needs a point: lat and lng, or near.");
        RuleFor(q => q.Request.Near).Must(n => PostcodeDistricts.TryResolve(n, out _, out _)).When(q => q.Request.Near is not null)
            .OverridePropertyName("near").WithMessage("Not a known UK postcode or postcode district.");
        RuleFor(q => q.Request.Near).Empty().When(q => q.Request.Lat is not null).OverridePropertyName("near").WithMessage("Give near or lat/lng, not both.");
        RuleFor(q => SearchMeetingsQuery.Values(q.Request.Day)).AreWireNamesOf<SearchMeetingsQuery, DayOfWeek>().OverridePropertyName("day").WithMessage($"Weekdays: {WireNames.Allowed<DayOfWeek>()}.");
        RuleFor(q => SearchMeetingsQuery.Values(q.Request.Attendance)).AreWireNamesOf<SearchMeetingsQuery, Attendance>().OverridePropertyName("attendance").WithMessage($"One of: {WireNames.Allowed<Attendance>()}.");
        RuleFor(q => SearchMeetingsQuery.Values(q.Request.Attribute)).AreWireNamesOf<SearchMeetingsQuery, SharedAttribute>().OverridePropertyName("attribute").WithMessage($"One of: {WireNames.Allowed<SharedAttribute>()}.");
        RuleFor(q => SearchMeetingsQuery.Values(q.Request.Accessibility)).AreWireNamesOf<SearchMeetingsQuery, AccessibilityFeature>().OverridePropertyName("accessibility").WithMessage($"One of: {WireNames.Allowed<AccessibilityFeature>()}.");
        RuleFor(q => SearchMeetingsQuery.Values(q.Request.Language)).EachMatches("^[a-z]{2}$", c => c.Length == 2 && c.All(char.IsAsciiLetterLower)).OverridePropertyName("language").WithMessage("ISO 639-1 codes, e.g. en.");
        RuleFor(q => SearchMeetingsQuery.Values(q.Request.Format)).Must(f => f.Count <= 20).OverridePropertyName("format").WithMessage("At most 20 format codes.");
        RuleForEach(q => SearchMeetingsQuery.Values(q.Request.Format)).MaximumLength(FormatCode.CodeMaxLength).OverridePropertyName("format");
        RuleFor(q => SearchMeetingsQuery.Values(q.Request.Organisation)).Must(o => o.Count <= 20).OverridePropertyName("organisation").WithMessage("At most 20 organisations.");
        RuleForEach(q => SearchMeetingsQuery.Values(q.Request.Organisation)).MaximumLength(64).OverridePropertyName("organisation");
        RuleFor(q => q.Request.StartsAfter).MatchesPattern(MeetingTimes.Pattern, MeetingTimes.IsTime, MeetingTimes.Message).OverridePropertyName("startsAfter");
        RuleFor(q => q.Request.StartsBefore).MatchesPattern(MeetingTimes.Pattern, MeetingTimes.IsTime, MeetingTimes.Message).OverridePropertyName("startsBefore");
        RuleFor(q => q.Request.StartingWithin).Must(w => TryParseWindow(w, out var window) && window > TimeSpan.Zero && window <= MaxWindow).When(q => q.Request.StartingWithin is not null)
            .OverridePropertyName("startingWithin").WithMessage("An ISO 8601 duration more than zero and at most P7D, e.g. PT2H.");
        RuleFor(q => q.Request.At).WithinSupportedCalendar().OverridePropertyName("at");
        RuleFor(q => q.Request.UpdatedSince).WithinSupportedCalendar().OverridePropertyName("updatedSince");
        RuleFor(q => q.Request.Q).MaximumLength(200).OverridePropertyName("q");
        RuleFor(q => q.Request.Sort).IsOneOf("distance", "nextOccurrence", "name").OverridePropertyName("sort").WithMessage("distance, nextOccurrence or name.");
        RuleFor(q => q.Request.Sort).Must((q, _) => q.Request.Lat is not null || q.Request.Near is not null).When(q => q.Request.Sort == "distance")
            .OverridePropertyName("sort").WithMessage("Sorting by distance needs a point: lat and lng, or near.");
    }

    public static bool TryParseWindow(string? text, out TimeSpan window)
    {
        window = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            // Most searches have no window; parsing nothing would throw, and exceptions are costly.
            return false;
        }

        try
        {
            window = XmlConvert.ToTimeSpan(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (OverflowException)
        {
            return false;
        }
    }
}

internal sealed class SearchMeetingsHandler : IQueryHandler<SearchMeetingsQuery, PagedList<MeetingSearchResult>>
{
    public const double DefaultRadiusKm = 10;

    public ValueTask<PagedList<MeetingSearchResult>> Handle(SearchMeetingsQuery query, CancellationToken cancellationToken)
    {
        var search = MeetingSearch.From(query.Request, query.Now);
        var (matches, total) = search.Run(query.Snapshot, query.Page, query.PageSize);
        return ValueTask.FromResult(new PagedList<MeetingSearchResult>(matches, query.Page, query.PageSize, total));
    }
}

internal static class SearchMeetingsEndpoint
{
    public static void Map(IEndpointRouteBuilder meetings) =>
        meetings.MapGet("/", async ([AsParameters] SearchMeetingsRequest request, HttpContext http, MeetingSearchIndex index, TimeProvider clock, ISender sender, SearchResultJson json, CancellationToken cancellationToken) =>
            {
                // The ETag is known before searching (SearchETag): a client that holds it gets a 304 without a
                // search. The tag's query string is the one bound here, so a tag never matches a request that
                // validation would refuse (such a request never had a 200 to take a tag from).
                // As of the snapshot and minute the answer's cache key was made from, when it has one (SearchAnswerCache).
                var asOf = http.Features.Get<SearchAsOf>();
                var snapshot = asOf?.Snapshot ?? await index.CurrentAsync(cancellationToken);
                var now = asOf?.Minute ?? SearchETag.Minute(clock.GetUtcNow());
                if (ConditionalRequests.IsNotModified(http, SearchETag.For(snapshot, http.Request, request.At is null ? now : null), out var notModified))
                {
                    return notModified;
                }

                var page = await sender.Send(new SearchMeetingsQuery(request, request.Page ?? 1, request.PageSize ?? Paging.DefaultPageSize, now, snapshot), cancellationToken);
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
