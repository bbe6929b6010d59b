using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Organisations.Persistence;

namespace RecoveryPlatform.Modules.Organisations.Features.Summaries;

/// <summary>Answers other modules' questions about organisations (declared in the Contracts project).</summary>
internal sealed class OrganisationSummaryHandlers(OrganisationsDbContext db) :
    IQueryHandler<GetOrganisationSummaryByIdQuery, OrganisationSummary?>,
    IQueryHandler<GetOrganisationSummaryBySlugQuery, OrganisationSummary?>,
    IQueryHandler<GetOrganisationSummariesQuery, IReadOnlyDictionary<Guid, OrganisationSummary>>
{
    public async ValueTask<OrganisationSummary?> Handle(GetOrganisationSummaryByIdQuery query, CancellationToken cancellationToken) =>
        (await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == query.OrganisationId, cancellationToken))?.ToSummary();

    public async ValueTask<OrganisationSummary?> Handle(GetOrganisationSummaryBySlugQuery query, CancellationToken cancellationToken) =>
        (await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Slug == query.Slug, cancellationToken))?.ToSummary();

    public async ValueTask<IReadOnlyDictionary<Guid, OrganisationSummary>> Handle(GetOrganisationSummariesQuery query, CancellationToken cancellationToken)
    {
        var ids = query.OrganisationIds.Distinct().ToList();
        var found = await db.Organisations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToListAsync(cancellationToken);
        return found.ToDictionary(o => o.Id, o => o.ToSummary());
    }
}
