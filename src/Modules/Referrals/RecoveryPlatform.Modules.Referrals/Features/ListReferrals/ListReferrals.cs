using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Referrals.Domain;
using RecoveryPlatform.Modules.Referrals.Persistence;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Paging;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Referrals.Features.ListReferrals;

/// <summary>Filters for the caller's referrals. No personal data is listed, so no purpose is needed.</summary>
/// <param name="Side">sent (by your treatment service) or received (by your fellowship); default: every side you are on.</param>
/// <param name="Status">Statuses, any of them, e.g. requested,received.</param>
/// <param name="SubmittedFrom">Submitted at or after this instant.</param>
/// <param name="SubmittedBefore">Submitted before this instant.</param>
/// <param name="UpdatedSince">Changed at or after this instant: poll with the time of your last poll.</param>
/// <param name="Page">Page number, from 1.</param>
/// <param name="PageSize">Items per page, 1 to 100.</param>
internal sealed record ListReferralsRequest(string? Side, string[]? Status, DateTimeOffset? SubmittedFrom, DateTimeOffset? SubmittedBefore, DateTimeOffset? UpdatedSince, int? Page, int? PageSize);

internal sealed record ListReferralsQuery(ListReferralsRequest Request, int Page, int PageSize) : IQuery<PagedList<ReferralSummaryResponse>>, IPagedQuery
{
    public IReadOnlyList<string> Statuses { get; } = QueryLists.ValuesIn(Request.Status);
}

internal sealed class ListReferralsValidator : AbstractValidator<ListReferralsQuery>
{
    public ListReferralsValidator()
    {
        this.ValidatePaging();
        RuleFor(q => q.Request.Side).IsOneOf("sent", "received").OverridePropertyName("side").WithMessage("sent or received.");
        RuleFor(q => q.Statuses).AreWireNamesOf<ListReferralsQuery, ReferralStatus>().OverridePropertyName("status").WithMessage($"One of: {WireNames.Allowed<ReferralStatus>()}.");
        RuleFor(q => q.Request.SubmittedFrom).WithinSupportedCalendar().OverridePropertyName("submittedFrom");
        RuleFor(q => q.Request.SubmittedBefore).WithinSupportedCalendar().OverridePropertyName("submittedBefore");
        RuleFor(q => q.Request.UpdatedSince).WithinSupportedCalendar().OverridePropertyName("updatedSince");
    }
}

internal sealed class ListReferralsHandler(ReferralsDbContext db, ISender sender, ICallerAccessor callers) : IQueryHandler<ListReferralsQuery, PagedList<ReferralSummaryResponse>>
{
    public async ValueTask<PagedList<ReferralSummaryResponse>> Handle(ListReferralsQuery query, CancellationToken cancellationToken)
    {
        var caller = callers.Caller;
        var (sent, received) = ReferralAccess.ListableSides(caller);
        if (query.Request.Side == "sent")
        {
            received = null;
        }
        else if (query.Request.Side == "received")
        {
            sent = null;
        }

        var referrals = db.Referrals.AsNoTracking();
        referrals = (sent, received) switch
        {
            ({ } s, { } r) => referrals.Where(x => x.ReferringOrganisationId == s || x.ReceivingOrganisationId == r),
            ({ } s, null) => referrals.Where(x => x.ReferringOrganisationId == s),
            (null, { } r) => referrals.Where(x => x.ReceivingOrganisationId == r),
            _ => referrals.Where(_ => false),
        };

        var statuses = query.Statuses.Select(s => WireNames.ParseOrNull<ReferralStatus>(s)!.Value).ToList();
        if (statuses.Count > 0)
        {
            referrals = referrals.Where(r => statuses.Contains(r.Status));
        }

        if (query.Request.SubmittedFrom is { } from)
        {
            referrals = referrals.Where(r => r.SubmittedAt >= from);
        }

        if (query.Request.SubmittedBefore is { } before)
        {
            referrals = referrals.Where(r => r.SubmittedAt < before);
        }

        if (query.Request.UpdatedSince is { } since)
        {
            referrals = referrals.Where(r => r.UpdatedAt >= since);
        }

        var total = await referrals.CountAsync(cancellationToken);
        var page = await referrals.OrderByDescending(r => r.UpdatedAt).ThenBy(r => r.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ToListAsync(cancellationToken);
        var organisations = await sender.Send(new GetOrganisationSummariesQuery([.. page.SelectMany(r => new[] { r.ReferringOrganisationId, r.ReceivingOrganisationId }).Distinct()]), cancellationToken);
        return new PagedList<ReferralSummaryResponse>(
            [.. page.Select(r => ReferralSummaryResponse.From(r, ReferralAccess.SideOf(caller, r), organisations))], query.Page, query.PageSize, total);
    }
}

internal static class ListReferralsEndpoint
{
    public static void Map(IEndpointRouteBuilder referrals) =>
        referrals.MapGet("/", async ([AsParameters] ListReferralsRequest request, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new ListReferralsQuery(request, request.Page ?? 1, request.PageSize ?? Paging.DefaultPageSize), cancellationToken)))
            .WithName("ListReferrals")
            .WithSummary("List your referrals: sent by your service, or received by your fellowship")
            .WithDescription("Referrers see what their treatment service sent; referral coordinators what their fellowship received; organisation admins both. Newest change first, without personal data. Poll with updatedSince to follow changes without webhooks.")
            .RequireAuthorization()
            .CarriesSecret()
            .Produces<PagedList<ReferralSummaryResponse>>()
            .ProducesAuthProblems()
            .ProducesCommonProblems();
}
