using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Organisations.Persistence;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Organisations.Features.GetOrganisation;

internal sealed record GetOrganisationQuery(string Slug) : IQuery<VersionedOrganisation>;

internal sealed class GetOrganisationHandler(OrganisationsDbContext db, ICallerAccessor callers) : IQueryHandler<GetOrganisationQuery, VersionedOrganisation>
{
    public async ValueTask<VersionedOrganisation> Handle(GetOrganisationQuery query, CancellationToken cancellationToken)
    {
        var organisation = await db.Organisations.AsNoTracking()
            .VisibleTo(callers.Caller)
            .SingleOrDefaultAsync(o => o.Slug == query.Slug, cancellationToken)
            ?? throw new NotFoundException("Organisation", query.Slug);
        return VersionedOrganisation.From(organisation);
    }
}

internal static class GetOrganisationEndpoint
{
    public static void Map(IEndpointRouteBuilder organisations) =>
        organisations.MapGet("/{slug}", (string slug, HttpContext http) => VersionedResources.GetAsync(slug, http, static async (key, sender, cancellationToken) =>
            {
                var found = await sender.Send(new GetOrganisationQuery(key), cancellationToken);
                return new Tagged<OrganisationResponse>(found.Organisation, ConcurrencyHeaders.ETagFor(found.Version));
            }))
            .WithName("GetOrganisation")
            .WithSummary("Get an organisation by slug")
            .WithDescription("Public for active fellowships; treatment services are visible to authenticated callers only. The ETag header is the version to send back in If-Match.")
            .AllowAnonymous()
            .Produces<OrganisationResponse>()
            .WithResponseExample(new OrganisationResponse(
                Guid.Parse("0193a0b0-0000-7000-8000-0000000000a3"),
                "smart-recovery-uk",
                "SMART Recovery UK",
                OrganisationKind.Fellowship,
                "https://smartrecovery.org.uk",
                "info@smartrecovery.org.uk",
                "Self-empowering addiction recovery support groups.",
                OrganisationStatus.Active,
                new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 11, 2, 14, 30, 0, TimeSpan.Zero)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems();
}
