using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Referrals.Persistence;
using RecoveryPlatform.SharedKernel.Geography;
using RecoveryPlatform.SharedKernel.Http;

namespace RecoveryPlatform.Modules.Referrals.Features.Destinations;

/// <param name="Near">A UK postcode or postcode district, e.g. LS6 or LS6 1AA.</param>
internal sealed record ReferralDestinationsRequest(string? Near);

internal sealed record ReferralDestinationsQuery(ReferralDestinationsRequest Request) : IQuery<IReadOnlyList<ReferralDestination>>;

/// <summary>A fellowship that accepts referrals for the district asked about.</summary>
/// <param name="Organisation">Its slug: the organisation to name in a referral.</param>
/// <param name="Name">Its name.</param>
/// <param name="District">The district it was found for.</param>
/// <param name="Nationwide">It accepts referrals from anywhere.</param>
/// <param name="CoordinatorContact">How to reach its coordinators.</param>
internal sealed record ReferralDestination(string Organisation, string Name, string District, bool Nationwide, string? CoordinatorContact);

internal sealed class ReferralDestinationsValidator : AbstractValidator<ReferralDestinationsQuery>
{
    public ReferralDestinationsValidator() =>
        RuleFor(q => q.Request.Near).NotEmpty().MaximumLength(16)
            .Must(near => UkPostcodeDistricts.TryGetDistrict(near, out _)).WithMessage("Not a known UK postcode or postcode district.")
            .OverridePropertyName("near");
}

internal sealed class ReferralDestinationsHandler(ReferralsDbContext db, ISender sender) : IQueryHandler<ReferralDestinationsQuery, IReadOnlyList<ReferralDestination>>
{
    public async ValueTask<IReadOnlyList<ReferralDestination>> Handle(ReferralDestinationsQuery query, CancellationToken cancellationToken)
    {
        UkPostcodeDistricts.TryGetDistrict(query.Request.Near, out var district);

        // Few fellowships accept referrals: their settings are read whole and matched here (districts are a JSON list).
        var accepting = await db.Settings.AsNoTracking().Where(s => s.AcceptsReferrals).ToListAsync(cancellationToken);
        var covering = accepting.Where(s => s.Covers(district)).ToList();
        var organisations = await sender.Send(new GetOrganisationSummariesQuery([.. covering.Select(s => s.OrganisationId)]), cancellationToken);
        return [.. covering
            .Where(s => organisations.TryGetValue(s.OrganisationId, out var o) && o.Status == OrganisationStatus.Active && o.Kind == OrganisationKind.Fellowship)
            .Select(s => (Settings: s, Organisation: organisations[s.OrganisationId]))
            .OrderBy(p => p.Organisation.Name, StringComparer.OrdinalIgnoreCase)
            .Select(p => new ReferralDestination(p.Organisation.Slug, p.Organisation.Name, district, p.Settings.Nationwide, p.Settings.CoordinatorContact))];
    }
}

internal static class ReferralDestinationsEndpoint
{
    public static void Map(IEndpointRouteBuilder api) =>
        api.MapGet("/referral-destinations", async ([AsParameters] ReferralDestinationsRequest request, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new ReferralDestinationsQuery(request), cancellationToken)))
            .WithTags("Referrals")
            .WithName("ListReferralDestinations")
            .WithSummary("Which fellowships accept referrals near a place")
            .WithDescription("Public. Then pick a group or meeting of theirs from GET /api/v1/meetings if you like, and refer with POST /api/v1/referrals.")
            .AllowAnonymous()
            .Produces<IReadOnlyList<ReferralDestination>>()
            .ProducesCommonProblems();
}
