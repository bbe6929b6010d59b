using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Groups.Domain;
using RecoveryPlatform.Modules.Groups.Persistence;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Paging;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Groups.Features.ListGroups;

/// <summary>Filters for the group list.</summary>
/// <param name="Organisation">Only groups of the organisation with this slug.</param>
/// <param name="Status">Only groups with this status: active, inactive or closed (closed groups are listed only to those who manage them).</param>
/// <param name="Region">Only groups with a service area of this name (case-insensitive).</param>
/// <param name="Q">Text that the name or description contains.</param>
/// <param name="VerifiedBefore">Only groups never verified or last verified before this instant (ISO 8601), to find stale listings.</param>
/// <param name="Page">Page number, from 1.</param>
/// <param name="PageSize">Items per page, 1 to 100 (default 20).</param>
internal sealed record ListGroupsRequest(string? Organisation, string? Status, string? Region, string? Q, DateTimeOffset? VerifiedBefore, int? Page, int? PageSize);

internal sealed record ListGroupsQuery(string? Organisation, string? Status, string? Region, string? Q, DateTimeOffset? VerifiedBefore, int Page, int PageSize)
    : IQuery<Tagged<PagedList<GroupResponse>>>, IPagedQuery;

internal sealed class ListGroupsValidator : AbstractValidator<ListGroupsQuery>
{
    public ListGroupsValidator()
    {
        this.ValidatePaging();
        RuleFor(q => q.Organisation).MaximumLength(64).OverridePropertyName("organisation");
        RuleFor(q => q.Status).IsWireNameOf<ListGroupsQuery, GroupStatus>().OverridePropertyName("status");
        RuleFor(q => q.Region).MaximumLength(Group.ServiceAreaMaxLength).OverridePropertyName("region");
        RuleFor(q => q.Q).MaximumLength(200).OverridePropertyName("q");
        RuleFor(q => q.VerifiedBefore).WithinSupportedCalendar().OverridePropertyName("verifiedBefore");
    }
}

internal sealed class ListGroupsHandler(GroupsDbContext db, ISender sender, ICallerAccessor callers)
    : IQueryHandler<ListGroupsQuery, Tagged<PagedList<GroupResponse>>>
{
    public async ValueTask<Tagged<PagedList<GroupResponse>>> Handle(ListGroupsQuery query, CancellationToken cancellationToken)
    {
        var caller = callers.Caller;
        var groups = db.Groups.AsNoTracking();

        if (!string.IsNullOrWhiteSpace(query.Organisation))
        {
            var organisation = await sender.Send(new GetOrganisationSummaryBySlugQuery(query.Organisation.Trim()), cancellationToken);
            if (organisation is null)
            {
                return Empty(query);
            }

            groups = groups.Where(g => g.OrganisationId == organisation.Id);
        }

        if (WireNames.ParseOrNull<GroupStatus>(query.Status) is { } status)
        {
            groups = groups.Where(g => g.Status == status);
        }

        // Closed groups no longer meet: the public list leaves them out; those who manage them still find them.
        if (!caller.IsPlatformAdmin)
        {
            var managed = caller.Role is Role.Editor or Role.OrgAdmin ? caller.OrganisationId : null;
            groups = groups.Where(g => g.Status != GroupStatus.Closed || g.OrganisationId == managed);
        }

        if (!string.IsNullOrWhiteSpace(query.Region))
        {
            var region = query.Region.Trim().ToLowerInvariant();
            groups = groups.Where(g => g.ServiceAreas.Any(area => area.ToLower() == region));
        }

        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var text = query.Q.Trim().ToLowerInvariant();
            groups = groups.Where(g => g.Name.ToLower().Contains(text) || (g.Description != null && g.Description.ToLower().Contains(text)));
        }

        if (query.VerifiedBefore is { } verifiedBefore)
        {
            groups = groups.Where(g => g.LastVerifiedAt == null || g.LastVerifiedAt < verifiedBefore);
        }

        // Groups of suspended organisations leave public results. Organisations are few, so the visible
        // ones are found first and the filter stays in the database, where paging and counts stay right.
        var organisationIds = await groups.Select(g => g.OrganisationId).Distinct().ToListAsync(cancellationToken);
        var organisations = await GroupAccess.VisibleOrganisationsAsync(sender, caller, organisationIds, cancellationToken);
        var visibleIds = organisations.Keys.ToList();
        groups = groups.Where(g => visibleIds.Contains(g.OrganisationId));

        var total = await groups.CountAsync(cancellationToken);
        var page = await groups
            .OrderBy(g => g.Name).ThenBy(g => g.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ToListAsync(cancellationToken);
        var versioned = page.Select(g => VersionedGroup.From(g, organisations[g.OrganisationId], caller)).ToList();
        var list = new PagedList<GroupResponse>(versioned.ConvertAll(g => g.Group), query.Page, query.PageSize, total);

        // Each item is its version as the caller sees it (managers see contact details); the organisation
        // slug it shows never changes.
        var tag = new ETagBuilder().AddPage(list);
        versioned.ForEach(g => tag.Add(g.Group.Id).Add(g.Version).Add(g.ManagersView));
        return new Tagged<PagedList<GroupResponse>>(list, tag.Build());
    }

    private static Tagged<PagedList<GroupResponse>> Empty(ListGroupsQuery query)
    {
        var empty = new PagedList<GroupResponse>([], query.Page, query.PageSize, 0);
        return new Tagged<PagedList<GroupResponse>>(empty, new ETagBuilder().AddPage(empty).Build());
    }
}

internal static class ListGroupsEndpoint
{
    public static void Map(IEndpointRouteBuilder groups) =>
        groups.MapGet("/", async ([AsParameters] ListGroupsRequest request, ISender sender, HttpResponse response, CancellationToken cancellationToken) =>
            {
                var found = await sender.Send(
                    new ListGroupsQuery(request.Organisation, request.Status, request.Region, request.Q, request.VerifiedBefore, request.Page ?? 1, request.PageSize ?? Paging.DefaultPageSize),
                    cancellationToken);
                ConcurrencyHeaders.SetETag(response, found.ETag);
                return TypedResults.Ok(found.Value);
            })
            .WithName("ListGroups")
            .WithSummary("List groups")
            .WithDescription(
                "Public. Active and inactive groups of active organisations, ordered by name. Closed groups are left out, except for editors and admins " +
                "of their own organisation and platform admins (filter with status=closed). Contact details follow the same rules as a single group.")
            .AllowAnonymous()
            .Produces<PagedList<GroupResponse>>()
            .ProducesCommonProblems();
}
