using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Organisations.Persistence;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Paging;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Organisations.Features.ListOrganisations;

/// <summary>Filters for the organisation list.</summary>
/// <param name="Kind">Only organisations of this kind.</param>
/// <param name="Q">Text that the name or slug contains.</param>
/// <param name="Page">Page number, from 1.</param>
/// <param name="PageSize">Items per page, 1 to 100 (default 20).</param>
internal sealed record ListOrganisationsRequest(string? Kind, string? Q, int? Page, int? PageSize);

internal sealed record ListOrganisationsQuery(string? Kind, string? Q, int Page, int PageSize)
    : IQuery<Tagged<PagedList<OrganisationResponse>>>, IPagedQuery;

internal sealed class ListOrganisationsValidator : AbstractValidator<ListOrganisationsQuery>
{
    public ListOrganisationsValidator()
    {
        this.ValidatePaging();
        RuleFor(q => q.Kind).IsWireNameOf<ListOrganisationsQuery, OrganisationKind>().OverridePropertyName("kind");
        RuleFor(q => q.Q).MaximumLength(200).OverridePropertyName("q");
    }
}

internal sealed class ListOrganisationsHandler(OrganisationsDbContext db, ICallerAccessor callers)
    : IQueryHandler<ListOrganisationsQuery, Tagged<PagedList<OrganisationResponse>>>
{
    public async ValueTask<Tagged<PagedList<OrganisationResponse>>> Handle(ListOrganisationsQuery query, CancellationToken cancellationToken)
    {
        var organisations = db.Organisations.AsNoTracking().VisibleTo(callers.Caller);
        if (WireNames.ParseOrNull<OrganisationKind>(query.Kind) is { } kind)
        {
            organisations = organisations.Where(o => o.Kind == kind);
        }

        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var text = query.Q.Trim().ToLowerInvariant();
            organisations = organisations.Where(o => o.Name.ToLower().Contains(text) || o.Slug.Contains(text));
        }

        var total = await organisations.CountAsync(cancellationToken);
        var page = await organisations
            .OrderBy(o => o.Name).ThenBy(o => o.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ToListAsync(cancellationToken);
        var list = new PagedList<OrganisationResponse>(page.Select(OrganisationResponse.From).ToList(), query.Page, query.PageSize, total);

        // Each item shows only its organisation's own fields, which change with its version.
        var tag = new ETagBuilder().AddPage(list);
        page.ForEach(o => tag.Add(o.Id).Add(o.Version));
        return new Tagged<PagedList<OrganisationResponse>>(list, tag.Build());
    }
}

internal static class ListOrganisationsEndpoint
{
    public static void Map(IEndpointRouteBuilder organisations) =>
        organisations.MapGet("/", async ([AsParameters] ListOrganisationsRequest request, ISender sender, HttpResponse response, CancellationToken cancellationToken) =>
            {
                var found = await sender.Send(new ListOrganisationsQuery(request.Kind, request.Q, request.Page ?? 1, request.PageSize ?? Paging.DefaultPageSize), cancellationToken);
                ConcurrencyHeaders.SetETag(response, found.ETag);
                return TypedResults.Ok(found.Value);
            })
            .WithName("ListOrganisations")
            .WithSummary("List organisations")
            .WithDescription("Active fellowships for everyone; treatment services for authenticated callers. Ordered by name.")
            .AllowAnonymous()
            .Produces<PagedList<OrganisationResponse>>()
            .ProducesCommonProblems();
}
