using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Venues.Persistence;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Paging;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Venues.Features.ListVenues;

/// <summary>Filters for the venue list.</summary>
/// <param name="Organisation">Slug of the owning organisation.</param>
/// <param name="Town">Town or city, exact (case-insensitive).</param>
/// <param name="Postcode">Postcode prefix, e.g. LS6 or LS6 1.</param>
/// <param name="Q">Text in the name, address or town.</param>
/// <param name="IncludeArchived">Include archived venues (only your own organisation's are added).</param>
/// <param name="Page">Page number, from 1.</param>
/// <param name="PageSize">Items per page, 1 to 100.</param>
internal sealed record ListVenuesRequest(string? Organisation, string? Town, string? Postcode, string? Q, bool? IncludeArchived, int? Page, int? PageSize);

internal sealed record ListVenuesQuery(string? Organisation, string? Town, string? Postcode, string? Q, bool IncludeArchived, int Page, int PageSize)
    : IQuery<Tagged<PagedList<VenueResponse>>>, IPagedQuery;

internal sealed class ListVenuesValidator : AbstractValidator<ListVenuesQuery>
{
    public ListVenuesValidator()
    {
        this.ValidatePaging();
        RuleFor(q => q.Organisation).MaximumLength(64).OverridePropertyName("organisation");
        RuleFor(q => q.Town).MaximumLength(100).OverridePropertyName("town");
        RuleFor(q => q.Postcode).MaximumLength(16).OverridePropertyName("postcode");
        RuleFor(q => q.Q).MaximumLength(200).OverridePropertyName("q");
    }
}

internal sealed class ListVenuesHandler(VenuesDbContext db, ISender sender, ICallerAccessor callers) : IQueryHandler<ListVenuesQuery, Tagged<PagedList<VenueResponse>>>
{
    public async ValueTask<Tagged<PagedList<VenueResponse>>> Handle(ListVenuesQuery query, CancellationToken cancellationToken)
    {
        var caller = callers.Caller;
        var venues = db.Venues.AsNoTracking();

        if (query.Organisation is { } slug)
        {
            var organisation = await sender.Send(new GetOrganisationSummaryBySlugQuery(slug), cancellationToken);
            var organisationId = organisation?.Id ?? Guid.Empty;
            venues = venues.Where(v => v.OrganisationId == organisationId);
        }

        if (!caller.IsPlatformAdmin)
        {
            // Only active organisations' venues are public; there are few organisations, so ask once for all of them.
            var owners = await db.Venues.Select(v => v.OrganisationId).Distinct().ToListAsync(cancellationToken);
            var visible = await VenueAccess.ActiveOrganisationsAsync(sender, owners, cancellationToken);
            if (caller.OrganisationId is { } ownOrganisation)
            {
                visible.Add(ownOrganisation);
            }

            venues = venues.Where(v => visible.Contains(v.OrganisationId));
        }

        var own = caller.OrganisationId ?? Guid.Empty;
        venues = query.IncludeArchived
            ? venues.Where(v => v.ArchivedAt == null || caller.IsPlatformAdmin || v.OrganisationId == own)
            : venues.Where(v => v.ArchivedAt == null);

        if (!string.IsNullOrWhiteSpace(query.Town))
        {
            var town = query.Town.Trim().ToLower();
            venues = venues.Where(v => v.Town != null && v.Town.ToLower() == town);
        }

        if (!string.IsNullOrWhiteSpace(query.Postcode))
        {
            var prefix = query.Postcode.Trim().ToUpperInvariant();
            venues = venues.Where(v => v.Postcode != null && v.Postcode.StartsWith(prefix));
        }

        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var text = query.Q.Trim().ToLower();
            venues = venues.Where(v => v.Name.ToLower().Contains(text) || (v.Town != null && v.Town.ToLower().Contains(text)) || (v.AddressLine1 != null && v.AddressLine1.ToLower().Contains(text)));
        }

        var total = await venues.CountAsync(cancellationToken);
        var page = await venues.OrderBy(v => v.Name).ThenBy(v => v.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ToListAsync(cancellationToken);
        var list = new PagedList<VenueResponse>(page.Select(VenueResponse.From).ToList(), query.Page, query.PageSize, total);

        // A venue shows only its own fields (all public), which change with its version.
        var tag = new ETagBuilder().AddPage(list);
        page.ForEach(v => tag.Add(v.Id).Add(v.Version));
        return new Tagged<PagedList<VenueResponse>>(list, tag.Build());
    }
}

internal static class ListVenuesEndpoint
{
    public static void Map(IEndpointRouteBuilder venues) =>
        venues.MapGet("/", async ([AsParameters] ListVenuesRequest request, ISender sender, HttpResponse response, CancellationToken cancellationToken) =>
            {
                var found = await sender.Send(
                    new ListVenuesQuery(request.Organisation, request.Town, request.Postcode, request.Q, request.IncludeArchived ?? false, request.Page ?? 1, request.PageSize ?? Paging.DefaultPageSize),
                    cancellationToken);
                ConcurrencyHeaders.SetETag(response, found.ETag);
                return TypedResults.Ok(found.Value);
            })
            .WithName("ListVenues")
            .WithSummary("List venues")
            .WithDescription("Public. Venues of active organisations, ordered by name; archived venues only on request and only your own.")
            .AllowAnonymous()
            .Produces<PagedList<VenueResponse>>()
            .ProducesCommonProblems();
}
