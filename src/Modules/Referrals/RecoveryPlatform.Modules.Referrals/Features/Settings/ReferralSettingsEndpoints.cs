using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Referrals.Domain;
using RecoveryPlatform.Modules.Referrals.Persistence;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Geography;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Referrals.Features.Settings;

/// <summary>Whether a fellowship accepts referrals, and where.</summary>
/// <param name="AcceptsReferrals">Whether referrals may be sent to it at all.</param>
/// <param name="Nationwide">From anywhere in the UK; otherwise only for the districts listed.</param>
/// <param name="Districts">Postcode districts it accepts referrals for, e.g. LS6, BD1 (at most 3000).</param>
/// <param name="CoordinatorContact">How treatment services can reach the coordinators: a role mailbox or phone line, never a volunteer's own.</param>
internal sealed record ReferralSettingsRequest(bool? AcceptsReferrals, bool? Nationwide, IReadOnlyList<string>? Districts, string? CoordinatorContact);

/// <summary>A fellowship's referral settings.</summary>
internal sealed record ReferralSettingsResponse(string Organisation, bool AcceptsReferrals, bool Nationwide, IReadOnlyList<string> Districts, string? CoordinatorContact, DateTimeOffset? UpdatedAt);

internal sealed record GetReferralSettingsQuery(string Slug) : IQuery<ReferralSettingsResponse>;

internal sealed record PutReferralSettingsCommand(string Slug, ReferralSettingsRequest Request) : ICommand<ReferralSettingsResponse>;

internal sealed class PutReferralSettingsValidator : AbstractValidator<PutReferralSettingsCommand>
{
    /// <summary>A district as the platform knows it (ls6 is LS6), not a full postcode (which names a district too).</summary>
    private static bool IsDistrict(string? text) =>
        text is { Length: <= 8 } && UkPostcodeDistricts.TryGetDistrict(text, out var district)
        && string.Equals(district, text.Trim(), StringComparison.OrdinalIgnoreCase);

    public PutReferralSettingsValidator()
    {
        RuleFor(c => c.Request.AcceptsReferrals).NotNull().OverridePropertyName("acceptsReferrals");
        RuleFor(c => c.Request.Nationwide).NotNull().OverridePropertyName("nationwide");
        RuleFor(c => c.Request.Districts).Must(d => d is null || d.Count <= ReferralSettings.MaxDistricts).OverridePropertyName("districts").WithMessage("At most 3000 districts.");
        RuleFor(c => c.Request.Districts).Must(districts => districts!.All(IsDistrict)).When(c => c.Request.Districts is not null)
            .OverridePropertyName("districts").WithMessage("Each a known UK postcode district, e.g. LS6 (not a full postcode).");
        RuleFor(c => c.Request.CoordinatorContact).MaximumLength(ReferralSettings.ContactMaxLength).SingleLine().OverridePropertyName("coordinatorContact");
    }
}

internal sealed class ReferralSettingsHandlers(ReferralsDbContext db, ISender sender, ICallerAccessor callers, TimeProvider clock)
    : IQueryHandler<GetReferralSettingsQuery, ReferralSettingsResponse>, ICommandHandler<PutReferralSettingsCommand, ReferralSettingsResponse>
{
    public async ValueTask<ReferralSettingsResponse> Handle(GetReferralSettingsQuery query, CancellationToken cancellationToken)
    {
        var organisation = await FellowshipAsync(query.Slug, cancellationToken);
        var settings = await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.OrganisationId == organisation.Id, cancellationToken);
        return ToResponse(organisation, settings);
    }

    public async ValueTask<ReferralSettingsResponse> Handle(PutReferralSettingsCommand command, CancellationToken cancellationToken)
    {
        var organisation = await FellowshipAsync(command.Slug, cancellationToken);
        if (!callers.Caller.HasRoleIn(organisation.Id, Role.OrgAdmin))
        {
            throw new ForbiddenException("Only the fellowship's organisation admins change its referral settings.");
        }

        var settings = await db.Settings.FirstOrDefaultAsync(s => s.OrganisationId == organisation.Id, cancellationToken);
        if (settings is null)
        {
            settings = ReferralSettings.For(organisation.Id);
            db.Settings.Add(settings);
        }

        var request = command.Request;
        var districts = (request.Districts ?? []).Select(d => UkPostcodeDistricts.TryGetDistrict(d, out var district) ? district : d);
        settings.Update(request.AcceptsReferrals!.Value, request.Nationwide!.Value, districts, string.IsNullOrWhiteSpace(request.CoordinatorContact) ? null : request.CoordinatorContact.Trim(), clock.GetUtcNow());
        return ToResponse(organisation, settings);
    }

    private async Task<OrganisationSummary> FellowshipAsync(string slug, CancellationToken cancellationToken)
    {
        var organisation = await sender.Send(new GetOrganisationSummaryBySlugQuery(slug), cancellationToken);
        if (organisation is null || (organisation.Status != OrganisationStatus.Active && !callers.Caller.BelongsTo(organisation.Id)))
        {
            throw new NotFoundException("Organisation", slug);
        }

        if (organisation.Kind != OrganisationKind.Fellowship)
        {
            throw new BusinessRuleException($"Only fellowships receive referrals; '{organisation.Slug}' is a {WireNames.Of(organisation.Kind)}.");
        }

        return organisation;
    }

    private static ReferralSettingsResponse ToResponse(OrganisationSummary organisation, ReferralSettings? settings) => settings is null
        ? new(organisation.Slug, false, false, [], null, null)
        : new(organisation.Slug, settings.AcceptsReferrals, settings.Nationwide, settings.Districts, settings.CoordinatorContact, settings.UpdatedAt);
}

internal static class ReferralSettingsEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/organisations/{slug}/referral-settings", async (string slug, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new GetReferralSettingsQuery(slug), cancellationToken)))
            .WithTags("Referrals")
            .WithName("GetReferralSettings")
            .WithSummary("Whether a fellowship accepts referrals, and where")
            .WithDescription("Public: treatment services read it to know where to refer. A fellowship without settings accepts none; a treatment service has none (422).")
            .AllowAnonymous()
            .Produces<ReferralSettingsResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesCommonProblems();

        api.MapPut("/organisations/{slug}/referral-settings", async (string slug, ReferralSettingsRequest request, ISender sender, CancellationToken cancellationToken) =>
                TypedResults.Ok(await sender.Send(new PutReferralSettingsCommand(slug, request), cancellationToken)))
            .WithTags("Referrals")
            .WithName("PutReferralSettings")
            .WithSummary("Set whether a fellowship accepts referrals, and where")
            .WithDescription("The fellowship's organisation admins (and platform admins). Districts are postcode districts the platform knows, e.g. LS6.")
            .WithRequestExample(new ReferralSettingsRequest(true, false, ["LS6", "LS7", "LS16"], "bridging-the-gap@example.org"))
            .RequireAuthorization(Policies.OrgAdmin)
            .Produces<ReferralSettingsResponse>()
            .ProducesAuthProblems()
            .ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesCommonProblems();
    }
}
