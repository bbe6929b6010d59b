using FluentValidation;
using FluentValidation.Results;
using Mediator;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Organisations.Contracts;

/// <summary>
/// The organisation a new record (a venue, a group) belongs to: the caller's own, or, for a platform admin
/// who belongs to none, the one named in the request by its slug. Every module that creates records
/// for an organisation asks here, so the rule and its answers are the same everywhere.
/// </summary>
public static class OwningOrganisation
{
    /// <param name="sender">The calling module's mediator: the organisation is asked of the Organisations module.</param>
    /// <param name="caller">Who is creating the record.</param>
    /// <param name="namedSlug">The request's <c>organisation</c>: required of a platform admin, ignored for anyone else.</param>
    /// <param name="kind">The kind of organisation that holds such records.</param>
    /// <param name="records">What is being created, plural, for the answers: "venues", "groups".</param>
    /// <param name="cancellationToken">The request's.</param>
    /// <exception cref="ValidationException">A platform admin named no organisation (400, under <c>organisation</c>).</exception>
    /// <exception cref="ForbiddenException">The caller belongs to no organisation.</exception>
    /// <exception cref="BusinessRuleException">The organisation does not exist, is suspended, or is of another kind.</exception>
    public static async Task<OrganisationSummary> ForNewRecordAsync(
        ISender sender, Caller caller, string? namedSlug, OrganisationKind kind, string records, CancellationToken cancellationToken)
    {
        OrganisationSummary organisation;
        if (caller.IsPlatformAdmin)
        {
            // Who the caller is matters here, so this is checked in the handler; validators hold no caller.
            if (string.IsNullOrWhiteSpace(namedSlug))
            {
                throw new ValidationException([new ValidationFailure("organisation", $"A platform administrator must name the organisation (its slug) the {records} belong to.")]);
            }

            var slug = namedSlug.Trim();
            organisation = await sender.Send(new GetOrganisationSummaryBySlugQuery(slug), cancellationToken)
                ?? throw new BusinessRuleException($"There is no organisation '{slug}'.");
        }
        else
        {
            var own = caller.OrganisationId ?? throw new ForbiddenException($"Only members of an organisation can create its {records}.");
            organisation = await sender.Send(new GetOrganisationSummaryByIdQuery(own), cancellationToken)
                ?? throw new BusinessRuleException("Your organisation no longer exists.");
        }

        if (organisation.Status != OrganisationStatus.Active)
        {
            throw new BusinessRuleException($"The organisation '{organisation.Slug}' is suspended and cannot add {records}.");
        }

        if (organisation.Kind != kind)
        {
            throw new BusinessRuleException($"Only {WireNames.Of(kind)}s hold {records}; '{organisation.Slug}' is a {WireNames.Of(organisation.Kind)}.");
        }

        return organisation;
    }
}
