using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Groups.Persistence;
using RecoveryPlatform.SharedKernel.Errors;
using RecoveryPlatform.SharedKernel.Http;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Groups.Features.GetGroup;

/// <summary>
/// One group. With <c>ForEditing</c> it is found only for a caller who manages it (the base a PATCH
/// applies to), so another organisation's group is a 404 before anything else is checked.
/// </summary>
internal sealed record GetGroupQuery(Guid Id, bool ForEditing = false) : IQuery<VersionedGroup>;

internal sealed class GetGroupHandler(GroupsDbContext db, ISender sender, ICallerAccessor callers) : IQueryHandler<GetGroupQuery, VersionedGroup>
{
    public async ValueTask<VersionedGroup> Handle(GetGroupQuery query, CancellationToken cancellationToken)
    {
        var caller = callers.Caller;
        var group = await db.Groups.AsNoTracking().SingleOrDefaultAsync(g => g.Id == query.Id, cancellationToken);
        if (group is null || (query.ForEditing && !GroupAccess.CanManage(caller, group.OrganisationId)))
        {
            throw new NotFoundException("Group", query.Id);
        }

        var organisation = await GroupAccess.VisibleOrganisationAsync(sender, caller, group, cancellationToken);
        return VersionedGroup.From(group, organisation, caller);
    }
}

internal static class GetGroupEndpoint
{
    public static void Map(IEndpointRouteBuilder groups) =>
        groups.MapGet("/{id:guid}", (Guid id, HttpContext http) => VersionedResources.GetAsync(id, http, static async (key, sender, cancellationToken) =>
            {
                var found = await sender.Send(new GetGroupQuery(key), cancellationToken);
                return new Tagged<GroupResponse>(found.Group, found.ETag);
            }))
            .WithName("GetGroup")
            .WithSummary("Get a group by id")
            .WithDescription(
                "Public. Closed groups are still returned here, with status 'closed', so links to them keep working; they are left out of the list. " +
                "A suspended organisation's groups are a 404 except to platform admins. Contact email and phone are null unless the group shows them " +
                "publicly or the caller is an editor or admin of its organisation (or a platform admin). The ETag header is the version to send back in If-Match.")
            .AllowAnonymous()
            .WithResponseExample(new GroupResponse(
                Guid.Parse("0193a0b0-0000-7000-8000-000000000001"),
                Guid.Parse("0193a0b0-0000-7000-8000-0000000000a1"),
                "aa-great-britain",
                "Leeds Tuesday Night Group",
                "An open AA meeting; newcomers and visitors welcome.",
                "https://leeds-tuesday.example.org",
                "secretary@leeds-tuesday.example.org",
                "+441134960000",
                true,
                ["Leeds", "West Yorkshire"],
                Domain.GroupStatus.Active,
                new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero),
                null,
                new DateTimeOffset(2026, 6, 2, 18, 40, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero),
                "GB",
                new ServiceBody("Leeds Intergroup", "https://leeds-intergroup.example.org")))
            .Produces<GroupResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesCommonProblems();
}
