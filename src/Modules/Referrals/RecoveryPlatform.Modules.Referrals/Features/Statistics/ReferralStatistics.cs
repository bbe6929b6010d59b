using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Referrals.Domain;
using RecoveryPlatform.Modules.Referrals.Persistence;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Referrals.Features.Statistics;

/// <summary>Which referrals to count.</summary>
/// <param name="Side">sent (by your treatment service) or received (by your fellowship); organisation admins of an organisation on both sides choose, default received for a fellowship.</param>
/// <param name="SubmittedFrom">Submitted at or after this instant.</param>
/// <param name="SubmittedBefore">Submitted before this instant.</param>
internal sealed record ReferralStatisticsRequest(string? Side, DateTimeOffset? SubmittedFrom, DateTimeOffset? SubmittedBefore);

internal sealed record ReferralStatisticsQuery(ReferralStatisticsRequest Request) : IQuery<ReferralStatisticsResponse>;

/// <summary>Counts without personal data.</summary>
/// <param name="Side">sent or received.</param>
/// <param name="Total">Referrals counted.</param>
/// <param name="ByStatus">Referrals by current status.</param>
/// <param name="ByOutcome">Completed referrals by outcome.</param>
/// <param name="MedianHoursToFirstContact">From submission to the first contact made, over the referrals that have one; null when none has.</param>
internal sealed record ReferralStatisticsResponse(string Side, int Total, IReadOnlyDictionary<string, int> ByStatus, IReadOnlyDictionary<string, int> ByOutcome, double? MedianHoursToFirstContact);

internal sealed class ReferralStatisticsValidator : AbstractValidator<ReferralStatisticsQuery>
{
    public ReferralStatisticsValidator()
    {
        RuleFor(q => q.Request.Side).IsOneOf("sent", "received").OverridePropertyName("side").WithMessage("sent or received.");
        RuleFor(q => q.Request.SubmittedFrom).WithinSupportedCalendar().OverridePropertyName("submittedFrom");
        RuleFor(q => q.Request.SubmittedBefore).WithinSupportedCalendar().OverridePropertyName("submittedBefore");
    }
}

internal sealed class ReferralStatisticsHandler(ReferralsDbContext db, ICallerAccessor callers) : IQueryHandler<ReferralStatisticsQuery, ReferralStatisticsResponse>
{
    public async ValueTask<ReferralStatisticsResponse> Handle(ReferralStatisticsQuery query, CancellationToken cancellationToken)
    {
        var (sent, received) = ReferralAccess.ListableSides(callers.Caller);
        var side = query.Request.Side ?? (received is not null ? "received" : "sent");
        var organisation = side == "sent" ? sent : received;
        if (organisation is not { } organisationId)
        {
            throw new ForbiddenException(side == "sent"
                ? "Statistics of referrals sent are for the treatment service's referrers and admins."
                : "Statistics of referrals received are for the fellowship's referral coordinators and admins.");
        }

        var referrals = db.Referrals.AsNoTracking().Where(r => side == "sent" ? r.ReferringOrganisationId == organisationId : r.ReceivingOrganisationId == organisationId);
        if (query.Request.SubmittedFrom is { } from)
        {
            referrals = referrals.Where(r => r.SubmittedAt >= from);
        }

        if (query.Request.SubmittedBefore is { } before)
        {
            referrals = referrals.Where(r => r.SubmittedAt < before);
        }

        var rows = await referrals.Select(r => new { r.Status, r.StatusReason, r.SubmittedAt, r.FirstContactAt }).ToListAsync(cancellationToken);
        var byStatus = Enum.GetValues<ReferralStatus>().ToDictionary(s => WireNames.Of(s), s => rows.Count(r => r.Status == s));
        var byOutcome = ReferralLifecycle.Reasons[ReferralStatus.Completed].ToDictionary(o => o, o => rows.Count(r => r.Status == ReferralStatus.Completed && r.StatusReason == o));
        var hours = rows.Where(r => r.FirstContactAt is not null).Select(r => (r.FirstContactAt!.Value - r.SubmittedAt).TotalHours).Order().ToList();
        double? median = hours.Count == 0 ? null : Math.Round(hours.Count % 2 == 1 ? hours[hours.Count / 2] : (hours[(hours.Count / 2) - 1] + hours[hours.Count / 2]) / 2, 2);
        return new ReferralStatisticsResponse(side, rows.Count, byStatus, byOutcome, median);
    }
}

internal static class ReferralStatisticsEndpoint
{
    public static void Map(IEndpointRouteBuilder referrals) =>
        referrals.MapGet("/statistics", async ([AsParameters] ReferralStatisticsRequest request, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new ReferralStatisticsQuery(request), cancellationToken)))
            .WithName("GetReferralStatistics")
            .WithSummary("Counts of your referrals by status and outcome, and the median time to first contact")
            .WithDescription("For each side its own: a treatment service's referrers and admins count what they sent, a fellowship's coordinators and admins what they received. No personal data.")
            .RequireAuthorization()
            .Produces<ReferralStatisticsResponse>()
            .ProducesAuthProblems()
            .ProducesCommonProblems();
}
