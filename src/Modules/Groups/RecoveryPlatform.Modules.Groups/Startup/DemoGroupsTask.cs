using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecoveryPlatform.Modules.Groups.Domain;
using RecoveryPlatform.Modules.Groups.Persistence;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.SharedKernel.Modules;

namespace RecoveryPlatform.Modules.Groups.Startup;

/// <summary>Demo groups for the demo fellowships, seeded into an empty groups table.</summary>
internal sealed class DemoGroupsTask(IOptions<DemoDataOptions> options, TimeProvider clock) : IModuleStartupTask
{
    private static readonly (string Organisation, string Name, string Description, string Area)[] Groups =
    [
        ("aa-great-britain", "Headingley Tuesday Group", "A friendly Big Book group in north Leeds.", "Leeds"),
        ("aa-great-britain", "Leeds Lunchtime Group", "Weekday lunchtime meetings in the city centre.", "Leeds"),
        ("aa-great-britain", "Manchester Central Group", "Meeting near St Peter's Square since 1985.", "Manchester"),
        ("aa-great-britain", "Trafalgar Group", "Central London, open and closed meetings.", "London"),
        ("na-uk", "Hyde Park Clean Time Group", "NA in Leeds 6.", "Leeds"),
        ("na-uk", "Bristol Recovery Group", "NA meetings in central Bristol and online.", "Bristol"),
        ("smart-recovery-uk", "SMART Leeds Central", "SMART Recovery mutual aid at the Central Library.", "Leeds"),
        ("smart-recovery-uk", "SMART Edinburgh", "SMART Recovery in Leith, and online for Scotland.", "Edinburgh"),
    ];

    public int Order => 30;

    public async Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken)
    {
        var db = scopedServices.GetRequiredService<GroupsDbContext>();
        if (!options.Value.Enabled || await db.Groups.AnyAsync(cancellationToken))
        {
            return;
        }

        var sender = scopedServices.GetRequiredService<ISender>();
        var now = clock.GetUtcNow();
        foreach (var demo in Groups)
        {
            if (await sender.Send(new GetOrganisationSummaryBySlugQuery(demo.Organisation), cancellationToken) is { } owner)
            {
                db.Groups.Add(Group.Create(owner.Id, new GroupDetails(demo.Name, demo.Description, null, null, null, false, [demo.Area]), GroupStatus.Active, now));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
