using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryPlatform.Modules.Groups.Contracts;
using RecoveryPlatform.Modules.Groups.Domain;
using RecoveryPlatform.Modules.Groups.Features.CreateGroup;
using RecoveryPlatform.Modules.Groups.Persistence;
using RecoveryPlatform.SharedKernel.Imports;
using RecoveryPlatform.SharedKernel.Messaging;
using RecoveryPlatform.SharedKernel.Persistence;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Modules.Groups.Features.Imports;

/// <summary>The organisation's groups that meet, by name key, with those the run's earlier slices created: kept through a run of an import.</summary>
internal sealed class KnownGroups : Dictionary<string, Group>
{
    public KnownGroups()
        : base(StringComparer.Ordinal)
    {
    }
}

internal sealed class ImportGroupsHandler(GroupsDbContext db, IUnitOfWork<GroupsDbContext> unitOfWork, ImportRunMemory<KnownGroups> runs, ICallerAccessor callers, TimeProvider clock)
    : ICommandHandler<ImportGroupsCommand, IReadOnlyList<ImportedGroupOutcome>>
{
    private static readonly CreateGroupValidator Validator = new();

    public async ValueTask<IReadOnlyList<ImportedGroupOutcome>> Handle(ImportGroupsCommand command, CancellationToken cancellationToken)
    {
        ImportRules.EnsureAdminOf(callers.Caller, command.OrganisationId);

        var now = clock.GetUtcNow();

        // A closed group's name is free again: an import that names it means a group that meets. Read without tracking,
        // as progress is saved a slice at a time (ImportSlices): a group is attached only when it changes.
        var byName = await runs.ForAsync(command.Run, command.OrganisationId, async () =>
        {
            var known = new KnownGroups();
            foreach (var group in await db.Groups.AsNoTracking().Where(g => g.OrganisationId == command.OrganisationId && g.Status != GroupStatus.Closed).OrderBy(g => g.CreatedAt).ToListAsync(cancellationToken))
            {
                known.TryAdd(ImportRules.GroupNameKey(group.Name), group);
            }

            return known;
        });

        var outcomes = new List<ImportedGroupOutcome>(command.Groups.Count);
        var slice = new ImportSlices(unitOfWork);
        foreach (var imported in command.Groups)
        {
            await slice.SaveWhenFullAsync(cancellationToken);
            if (byName.TryGetValue(ImportRules.GroupNameKey(imported.Name), out var group))
            {
                var areas = Group.NormaliseServiceAreas([.. group.ServiceAreas, .. imported.ServiceAreas]).Take(Group.MaxServiceAreas).ToList();
                var serviceBody = group.ServiceBodyName is { } name ? new GroupServiceBody(name, group.ServiceBodyUrl) : ServiceBodyOf(imported);
                if (areas.Count == group.ServiceAreas.Count && serviceBody?.Name == group.ServiceBodyName)
                {
                    outcomes.Add(new ImportedGroupOutcome(imported.Key, group.Id, ImportAction.Unchanged, []));
                    continue;
                }

                // Only what the group lacks is added: its other details are the steward's.
                slice.Changing(db, group);
                group.Update(
                    new GroupDetails(group.Name, group.Description, group.Website, group.ContactEmail, group.ContactPhone, group.ShowContactPublicly, areas)
                    {
                        CountryCode = group.CountryCode,
                        ServiceBody = serviceBody,
                    },
                    group.Status,
                    now);
                db.Outbox.Add(new GroupChangedIntegrationEvent(group.Id, group.OrganisationId, ChangeAction.Updated));
                outcomes.Add(new ImportedGroupOutcome(imported.Key, group.Id, ImportAction.Update, []));
                continue;
            }

            var request = new CreateGroupRequest(
                null, imported.Name, imported.Description, imported.Website, null, null, false, [.. imported.ServiceAreas.Take(Group.MaxServiceAreas)], GroupStatus.Active,
                imported.CountryCode, imported.ServiceBody is { } body ? new ServiceBody(body, null) : null);
            var validation = Validator.Validate(new CreateGroupCommand(request));
            if (!validation.IsValid)
            {
                outcomes.Add(new ImportedGroupOutcome(imported.Key, null, ImportAction.Reject, ImportProblems.From(validation.Errors)));
                continue;
            }

            var created = Group.Create(
                command.OrganisationId,
                new GroupDetails(imported.Name.Trim(), request.Description, request.Website, null, null, false, request.ServiceAreas!)
                {
                    CountryCode = imported.CountryCode ?? Group.DefaultCountry,
                    ServiceBody = ServiceBodyOf(imported),
                },
                GroupStatus.Active,
                now);
            slice.Created(created);
            db.Outbox.Add(new GroupChangedIntegrationEvent(created.Id, created.OrganisationId, ChangeAction.Created));
            byName[ImportRules.GroupNameKey(created.Name)] = created;
            outcomes.Add(new ImportedGroupOutcome(imported.Key, created.Id, ImportAction.Create, []));
        }

        await slice.SaveAsync(cancellationToken);
        return outcomes;
    }

    private static GroupServiceBody? ServiceBodyOf(ImportedGroup imported) =>
        string.IsNullOrWhiteSpace(imported.ServiceBody) ? null : new GroupServiceBody(imported.ServiceBody.Trim(), null);


}
