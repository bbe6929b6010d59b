using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Organisations.Persistence;
using RecoveryPlatform.SharedKernel.Auditing;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Paging;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Organisations.Features.Audit;

/// <summary>Filters for the audit trail.</summary>
/// <param name="Organisation">Slug of the organisation whose data changed (platform admins; an organisation admin always sees only its own).</param>
/// <param name="EntityType">Kind of record, e.g. organisation, api-key, venue, meeting.</param>
/// <param name="EntityId">One record's id.</param>
/// <param name="Actor">Credential that made the change, e.g. key:0193… or token:subject.</param>
/// <param name="From">Changes at or after this instant.</param>
/// <param name="To">Changes before this instant.</param>
/// <param name="Page">Page number, from 1. Pages end after the newest 10000 entries: page × pageSize at most 10000.</param>
/// <param name="PageSize">Items per page, 1 to 100.</param>
internal sealed record ListAuditEntriesRequest(string? Organisation, string? EntityType, Guid? EntityId, string? Actor, DateTimeOffset? From, DateTimeOffset? To, int? Page, int? PageSize);

/// <summary>One audited change. Ids only: no field values, no personal data.</summary>
internal sealed record AuditEntryResponse(Guid Id, DateTimeOffset OccurredAt, string Actor, Guid? OrganisationId, string EntityType, Guid EntityId, string Action, string? CorrelationId)
{
    public static AuditEntryResponse From(AuditEntry e) => new(e.Id, e.OccurredAt, e.Actor, e.OrganisationId, e.EntityType, e.EntityId, e.Action, e.CorrelationId);
}

internal sealed record ListAuditEntriesQuery(string? Organisation, string? EntityType, Guid? EntityId, string? Actor, DateTimeOffset? From, DateTimeOffset? To, int Page, int PageSize)
    : IQuery<Tagged<PagedList<AuditEntryResponse>>>, IPagedQuery;

internal sealed class ListAuditEntriesValidator : AbstractValidator<ListAuditEntriesQuery>
{
    /// <summary>Every module's newest page × size entries are merged, so depth is bounded.</summary>
    public const int MaxDepth = 10_000;

    public ListAuditEntriesValidator()
    {
        this.ValidatePaging();
        RuleFor(q => q.Page).Must((q, page) => page * q.PageSize <= MaxDepth).WithName("page").OverridePropertyName("page")
            .WithMessage($"Pages end after the newest {MaxDepth} entries; narrow the filter with from/to instead.");
        RuleFor(q => q.From).WithinSupportedCalendar().OverridePropertyName("from");
        RuleFor(q => q.To).WithinSupportedCalendar().OverridePropertyName("to");
        RuleFor(q => q.EntityType).MaximumLength(64).OverridePropertyName("entityType");
        RuleFor(q => q.Actor).MaximumLength(200).OverridePropertyName("actor");
        RuleFor(q => q.Organisation).MaximumLength(64).OverridePropertyName("organisation");
    }
}

internal sealed class ListAuditEntriesHandler(OrganisationsDbContext db, IEnumerable<IModuleAuditTrail> trails, ICallerAccessor callers)
    : IQueryHandler<ListAuditEntriesQuery, Tagged<PagedList<AuditEntryResponse>>>
{
    public async ValueTask<Tagged<PagedList<AuditEntryResponse>>> Handle(ListAuditEntriesQuery query, CancellationToken cancellationToken)
    {
        var caller = callers.Caller;
        Guid? organisationId = null;
        if (query.Organisation is { } slug)
        {
            organisationId = await db.Organisations.Where(o => o.Slug == slug).Select(o => (Guid?)o.Id).SingleOrDefaultAsync(cancellationToken);
            if (organisationId is null || !caller.BelongsTo(organisationId.Value))
            {
                throw new NotFoundException("Organisation", slug);
            }
        }
        else if (!caller.IsPlatformAdmin)
        {
            organisationId = caller.OrganisationId ?? throw new ForbiddenException("Only organisation and platform administrators can read the audit trail.");
        }

        var filter = new AuditFilter(organisationId, query.EntityType, query.EntityId, query.Actor, query.From, query.To);
        var depth = query.Page * query.PageSize;
        var total = 0;
        var newest = new List<AuditEntry>();
        foreach (var trail in trails)
        {
            total += await trail.CountAsync(filter, cancellationToken);
            newest.AddRange(await trail.NewestAsync(filter, depth, cancellationToken));
        }

        var page = newest
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(AuditEntryResponse.From)
            .ToList();
        var list = new PagedList<AuditEntryResponse>(page, query.Page, query.PageSize, total);

        // Entries are written once and never changed: their ids and the total say what the page shows.
        var tag = new ETagBuilder().AddPage(list);
        page.ForEach(e => tag.Add(e.Id));
        return new Tagged<PagedList<AuditEntryResponse>>(list, tag.Build());
    }
}

internal static class ListAuditEntriesEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/audit", async ([AsParameters] ListAuditEntriesRequest request, ISender sender, HttpResponse response, CancellationToken cancellationToken) =>
            {
                var found = await sender.Send(
                    new ListAuditEntriesQuery(request.Organisation, request.EntityType, request.EntityId, request.Actor, request.From, request.To, request.Page ?? 1, request.PageSize ?? Paging.DefaultPageSize),
                    cancellationToken);
                ConcurrencyHeaders.SetETag(response, found.ETag);
                return TypedResults.Ok(found.Value);
            })
            .WithTags("Audit")
            .WithName("ListAuditEntries")
            .WithSummary("Read the audit trail")
            .WithDescription("Every change to any organisation's data, newest first: who, which organisation, what, when and the correlation id. Platform admins see all; organisation admins their own organisation's.")
            .RequireAuthorization(Policies.OrgAdmin)
            .Produces<PagedList<AuditEntryResponse>>()
            .WithResponseExample(new PagedList<AuditEntryResponse>(
                [
                    new AuditEntryResponse(
                        Guid.Parse("0193a0b0-0000-7000-8000-0000000000d1"),
                        new DateTimeOffset(2026, 11, 26, 18, 40, 0, TimeSpan.Zero),
                        "key:0193a0b0-0000-7000-8000-0000000000c1",
                        Guid.Parse("0193a0b0-0000-7000-8000-0000000000a1"),
                        "venue",
                        Guid.Parse("0193a0b0-0000-7000-8000-000000000002"),
                        "updated",
                        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
                ],
                1,
                20,
                1))
            .ProducesAuthProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems();
}
