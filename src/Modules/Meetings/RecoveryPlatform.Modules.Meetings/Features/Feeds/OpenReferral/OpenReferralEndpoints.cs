using System.Text.Json;
using System.Text.Json.Serialization;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.Modules.Meetings.Features.SearchMeetings.Index;
using RecoveryPlatform.SharedKernel.Http;

namespace RecoveryPlatform.Modules.Meetings.Features.Feeds.OpenReferral;

/// <summary>
/// The directory as an Open Referral UK 3.0 API (HSDS-UK 3.0) under <c>/openreferral</c>: the nine endpoints of the
/// UK profile, public and read-only, for local-service directories and the ORUK validator. ADR 0014 gives the
/// mapping; docs/feeds.md the parameters.
/// </summary>
internal static class OpenReferralEndpoints
{
    public const string Base = "/openreferral";

    private const string Tag = "Open Referral UK";

    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static void Map(IEndpointRouteBuilder app)
    {
        var oruk = app.MapGroup(Base).WithTags(Tag).AllowAnonymous().AddEndpointFilter(PublicCaching).CacheOutput(OpenReferralCache.Instance);
        oruk.WithMetadata(LastModifiedMetadata.Instance);

        // The validator reads the base URL without a slash to choose the standard's version, then tests "GET /": one
        // route answers both (routing matches a path with or without its trailing slash).
        oruk.MapGet("/", Root).WithName("GetOpenReferralRoot").WithRootDocs();

        oruk.MapGet("/services", ([AsParameters] OrukServicesRequest request, HttpContext http, ISender sender, CancellationToken cancellationToken) =>
                ListAsync(http, sender, request.ToQuery(OrukList.Services), cancellationToken))
            .WithName("ListOpenReferralServices")
            .WithSummary("Meetings as Open Referral services")
            .WithDescription("Every public meeting as an HSDS service, in name order, paged in the Open Referral envelope. The filters combine.")
            .Produces<OrukPage<OrukServiceSummary>>()
            .WithListProblems();

        oruk.MapGet("/services/{id:guid}", (Guid id, HttpContext http, ISender sender, CancellationToken cancellationToken) => GetAsync(http, sender, new GetOrukRecordQuery(OrukList.Services, id), cancellationToken))
            .WithName("GetOpenReferralService")
            .WithSummary("One meeting as a fully nested Open Referral service")
            .WithDescription("The service with its organisation, schedule (WEEKLY; WEEKLY with interval 2 for fortnightly; MONTHLY with byday 2MO or -1FR; MONTHLY with byday 2WE,3WE,4WE,5WE for a weekly meeting that skips its 1st week), location (the venue, or a virtual location), taxonomy terms and languages.")
            .Produces<OrukService>()
            .WithRecordProblems();

        oruk.MapGet("/service_at_locations", ([AsParameters] OrukServicesRequest request, [AsParameters] OrukPlaceRequest place, HttpContext http, ISender sender, CancellationToken cancellationToken) =>
                ListAsync(http, sender, request.ToQuery(OrukList.ServicesAtLocations, place.Postcode, place.Proximity), cancellationToken))
            .WithName("ListOpenReferralServicesAtLocations")
            .WithSummary("Meetings at their locations")
            .WithDescription("Each public meeting at its location, with the /services parameters and a place: with a postcode, only meetings at a venue, nearest first, within proximity when given.")
            .Produces<OrukPage<OrukServiceAtLocationSummary>>()
            .WithListProblems();

        oruk.MapGet("/service_at_locations/{id:guid}", (Guid id, HttpContext http, ISender sender, CancellationToken cancellationToken) => GetAsync(http, sender, new GetOrukRecordQuery(OrukList.ServicesAtLocations, id), cancellationToken))
            .WithName("GetOpenReferralServiceAtLocation")
            .WithSummary("One meeting at its location")
            .WithDescription("The meeting at its location, with its address. Also carries the service's name and status at the top: the official 3.0 document validates this endpoint against the service schema.")
            .Produces<OrukServiceAtLocationDetail>()
            .WithRecordProblems();

        oruk.MapGet("/taxonomies", ([AsParameters] OrukPageRequest request, HttpContext http, ISender sender, CancellationToken cancellationToken) =>
                ListAsync(http, sender, new ListOrukQuery(OrukList.Taxonomies, request.Page, request.PerPage), cancellationToken))
            .WithName("ListOpenReferralTaxonomies")
            .WithSummary("The taxonomies meetings are described with")
            .WithDescription("Meeting attributes (shared across fellowships) and venue accessibility.")
            .Produces<OrukPage<OrukTaxonomy>>()
            .WithListProblems();

        oruk.MapGet("/taxonomies/{id:guid}", (Guid id, HttpContext http, ISender sender, CancellationToken cancellationToken) => GetAsync(http, sender, new GetOrukRecordQuery(OrukList.Taxonomies, id), cancellationToken))
            .WithName("GetOpenReferralTaxonomy")
            .WithSummary("One taxonomy with its terms")
            .WithDescription("The taxonomy and every term of it.")
            .Produces<OrukTaxonomy>()
            .WithRecordProblems();

        oruk.MapGet("/taxonomy_terms", ([AsParameters] OrukPageRequest request, HttpContext http, ISender sender, CancellationToken cancellationToken) =>
                ListAsync(http, sender, new ListOrukQuery(OrukList.TaxonomyTerms, request.Page, request.PerPage), cancellationToken))
            .WithName("ListOpenReferralTaxonomyTerms")
            .WithSummary("Every taxonomy term")
            .WithDescription("The terms of both taxonomies; a term's id filters /services and /service_at_locations (taxonomy_term_id).")
            .Produces<OrukPage<OrukTaxonomyTerm>>()
            .WithListProblems();

        oruk.MapGet("/taxonomy_terms/{id:guid}", (Guid id, HttpContext http, ISender sender, CancellationToken cancellationToken) => GetAsync(http, sender, new GetOrukRecordQuery(OrukList.TaxonomyTerms, id), cancellationToken))
            .WithName("GetOpenReferralTaxonomyTerm")
            .WithSummary("One taxonomy term")
            .WithDescription("The term, with its taxonomy.")
            .Produces<OrukTaxonomyTerm>()
            .WithRecordProblems();
    }

    private static IResult Root(HttpRequest request) =>
        TypedResults.Json(
            new OrukRoot("HSDS-UK-3.0", "https://openreferraluk.org/", $"{request.Scheme}://{request.Host}{request.PathBase}/swagger/v1/swagger.json"),
            Options);

    private static RouteHandlerBuilder WithRootDocs(this RouteHandlerBuilder builder) => builder
        .WithSummary("What this Open Referral API speaks")
        .WithDescription("The standard's version (HSDS-UK-3.0), its profile, and where this API's OpenAPI document is. Answers /openreferral and /openreferral/.")
        .Produces<OrukRoot>()
        .WithResponseExample(new OrukRoot("HSDS-UK-3.0", "https://openreferraluk.org/", "http://localhost:5080/swagger/v1/swagger.json"))
        .ProducesCommonProblems();

    private static RouteHandlerBuilder WithListProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesValidationProblem().ProducesCommonProblems();

    private static RouteHandlerBuilder WithRecordProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status404NotFound).ProducesCommonProblems();

    // Tags of answers made from the directory hold this instance's snapshot generation, which another instance (or
    // this one after a restart) numbers differently: the instance's own id keeps them from ever matching there.
    private static readonly Guid InstanceId = Guid.NewGuid();

    // Taxonomies change only with a release.
    private static readonly DateTimeOffset Started = DateTimeOffset.UtcNow;

    private static async Task<IResult> ListAsync(HttpContext http, ISender sender, ListOrukQuery query, CancellationToken cancellationToken) =>
        await IsNotModifiedAsync(http, query.List, cancellationToken) is { } notModified
            ? notModified
            : TypedResults.Json(await sender.Send(query, cancellationToken), Options);

    private static async Task<IResult> GetAsync(HttpContext http, ISender sender, GetOrukRecordQuery query, CancellationToken cancellationToken) =>
        await IsNotModifiedAsync(http, query.List, cancellationToken) is { } notModified
            ? notModified
            : TypedResults.Json(await sender.Send(query, cancellationToken), Options);

    /// <summary>Sets the answer's ETag and Last-Modified, and returns the 304 when the request already holds it.</summary>
    private static async ValueTask<IResult?> IsNotModifiedAsync(HttpContext http, OrukList list, CancellationToken cancellationToken)
    {
        var version = await VersionOfAsync(http, list, cancellationToken);
        return ConditionalRequests.IsNotModified(http, version.Tag, version.LastModified, out var notModified) ? notModified : null;
    }

    /// <summary>Which list (or record of it) a request of this API asks for; null for the root.</summary>
    public static OrukList? ListOf(HttpContext http) =>
        http.Request.Path.Value?.TrimEnd('/') is { } path && path.Length > Base.Length
            ? path[(Base.Length + 1)..].Split('/')[0] switch
            {
                "services" => OrukList.Services,
                "service_at_locations" => OrukList.ServicesAtLocations,
                "taxonomies" => OrukList.Taxonomies,
                "taxonomy_terms" => OrukList.TaxonomyTerms,
                _ => null,
            }
            : null;

    /// <summary>
    /// The answer's tag and last-modified time, known before it is worked out: the taxonomies never change while a
    /// release runs; everything else is what this instance's index and organisations' details were when the request
    /// came (the index's last change, or an organisation's), and the URL asked. Worked out once per request: the
    /// output cache (<see cref="OpenReferralCache"/>) asks first, the endpoint again.
    /// </summary>
    public static async ValueTask<OrukVersion> VersionOfAsync(HttpContext http, OrukList list, CancellationToken cancellationToken)
    {
        if (http.Features.Get<OrukVersion>() is { } known)
        {
            return known;
        }

        var tag = new ETagBuilder().Add(http.Request.Path.Value).Add(http.Request.QueryString.Value);
        OrukVersion version;
        if (list is OrukList.Taxonomies or OrukList.TaxonomyTerms)
        {
            version = new OrukVersion(tag.Add(typeof(OpenReferralTaxonomies).Assembly.ManifestModule.ModuleVersionId).Build(), Started);
        }
        else
        {
            var services = http.RequestServices;
            var snapshot = await services.GetRequiredService<MeetingSearchIndex>().CurrentAsync(cancellationToken);
            var feeds = services.GetRequiredService<PublishedFeeds>();
            var detailsAt = feeds.OrganisationDetailsChangedAt;
            version = new OrukVersion(
                tag.Add(InstanceId).Add(snapshot.Generation).Add(feeds.OrganisationDetailsVersion).Build(),
                snapshot.MadeAt > detailsAt ? snapshot.MadeAt : detailsAt);
        }

        http.Features.Set(version);
        return version;
    }

    /// <summary>The same answer for every caller, for a minute (these paths are outside /api, whose answers get theirs from the host), revalidated with its ETag.</summary>
    private static async ValueTask<object?> PublicCaching(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        context.HttpContext.Response.Headers.CacheControl = "public, max-age=60";
        return result;
    }
}

/// <summary>What an Open Referral answer's validators are, before it is worked out.</summary>
internal sealed record OrukVersion(string Tag, DateTimeOffset LastModified);
