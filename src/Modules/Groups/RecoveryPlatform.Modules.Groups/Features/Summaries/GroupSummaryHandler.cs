using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Groups.Contracts;
using RecoveryPlatform.Modules.Groups.Domain;
using RecoveryPlatform.Modules.Groups.Persistence;

namespace RecoveryPlatform.Modules.Groups.Features.Summaries;

/// <summary>Answers other modules' questions about groups (declared in the Contracts project).</summary>
internal sealed class GroupSummaryHandler(GroupsDbContext db) :
    IQueryHandler<GetGroupSummariesQuery, IReadOnlyDictionary<Guid, GroupSummary>>,
    IQueryHandler<GetEveryGroupSummaryQuery, IReadOnlyDictionary<Guid, GroupSummary>>,
    IQueryHandler<GetGroupsOfOrganisationQuery, IReadOnlyList<GroupSummary>>
{
    public async ValueTask<IReadOnlyDictionary<Guid, GroupSummary>> Handle(GetGroupSummariesQuery query, CancellationToken cancellationToken)
    {
        var ids = query.GroupIds.Distinct().ToList();
        var groups = await db.Groups.AsNoTracking().Where(g => ids.Contains(g.Id)).ToListAsync(cancellationToken);
        return groups.ToDictionary(g => g.Id, Summary);
    }

    /// <summary>Only the summary's columns, not whole groups: this reads a whole directory.</summary>
    public async ValueTask<IReadOnlyDictionary<Guid, GroupSummary>> Handle(GetEveryGroupSummaryQuery query, CancellationToken cancellationToken) =>
        await db.Groups.AsNoTracking()
            .Select(g => new GroupSummary(g.Id, g.OrganisationId, g.Name, g.Status != GroupStatus.Closed)
            {
                UpdatedAt = g.UpdatedAt,
                ServiceAreas = g.ServiceAreas,
                ServiceBodyName = g.ServiceBodyName,
            })
            .ToDictionaryAsync(g => g.Id, cancellationToken);

    public async ValueTask<IReadOnlyList<GroupSummary>> Handle(GetGroupsOfOrganisationQuery query, CancellationToken cancellationToken) =>
        (await db.Groups.AsNoTracking().Where(g => g.OrganisationId == query.OrganisationId).OrderBy(g => g.Name).ToListAsync(cancellationToken)).Select(Summary).ToList();

    private static GroupSummary Summary(Group g) =>
        new(g.Id, g.OrganisationId, g.Name, g.Status != GroupStatus.Closed) { UpdatedAt = g.UpdatedAt, ServiceAreas = g.ServiceAreas, ServiceBodyName = g.ServiceBodyName };
}
