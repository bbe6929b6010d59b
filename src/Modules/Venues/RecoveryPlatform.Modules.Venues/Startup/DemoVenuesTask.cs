using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecoveryPlatform.Modules.Organisations.Contracts;
using RecoveryPlatform.Modules.Venues.Contracts;
using RecoveryPlatform.Modules.Venues.Domain;
using RecoveryPlatform.Modules.Venues.Persistence;
using RecoveryPlatform.SharedKernel.Modules;

namespace RecoveryPlatform.Modules.Venues.Startup;

/// <summary>Demo venues in a few UK towns for the demo fellowships, seeded into an empty venues table.</summary>
internal sealed class DemoVenuesTask(IOptions<DemoDataOptions> options, TimeProvider clock) : IModuleStartupTask
{
    private static readonly (string Organisation, string Name, string Address, string Town, string Region, string Postcode, double Latitude, double Longitude, AccessibilityFeature[] Access)[] Venues =
    [
        ("aa-great-britain", "St Chad's Parish Centre", "Otley Road", "Leeds", "West Yorkshire", "LS16 5JT", 53.8326, -1.5776, [AccessibilityFeature.StepFreeAccess, AccessibilityFeature.Parking]),
        ("aa-great-britain", "Headingley Methodist Church Hall", "North Lane", "Leeds", "West Yorkshire", "LS6 3HE", 53.8196, -1.5773, [AccessibilityFeature.StepFreeAccess, AccessibilityFeature.AccessibleToilet, AccessibilityFeature.NearPublicTransport]),
        ("aa-great-britain", "Friends Meeting House", "6 Mount Street", "Manchester", "Greater Manchester", "M2 5NS", 53.4786, -2.2452, [AccessibilityFeature.StepFreeAccess, AccessibilityFeature.HearingLoop, AccessibilityFeature.NearPublicTransport]),
        ("aa-great-britain", "St Martin-in-the-Fields Crypt Room", "Trafalgar Square", "London", "Greater London", "WC2N 4JJ", 51.5089, -0.1268, [AccessibilityFeature.NearPublicTransport]),
        ("na-uk", "Hyde Park Community Centre", "Woodsley Road", "Leeds", "West Yorkshire", "LS6 1SG", 53.8120, -1.5680, [AccessibilityFeature.QuietSpace]),
        ("na-uk", "Bristol Recovery Hub", "Old Market Street", "Bristol", "Bristol", "BS2 0EZ", 51.4556, -2.5830, [AccessibilityFeature.StepFreeAccess, AccessibilityFeature.AccessibleToilet]),
        ("smart-recovery-uk", "Leeds Central Library, Room 3", "Calverley Street", "Leeds", "West Yorkshire", "LS1 3AB", 53.8008, -1.5491, [AccessibilityFeature.StepFreeAccess, AccessibilityFeature.AccessibleToilet, AccessibilityFeature.HearingLoop, AccessibilityFeature.NearPublicTransport]),
        ("smart-recovery-uk", "Edinburgh Community Wellbeing Centre", "Leith Walk", "Edinburgh", "City of Edinburgh", "EH6 8RG", 55.9650, -3.1760, [AccessibilityFeature.BritishSignLanguage, AccessibilityFeature.QuietSpace]),
    ];

    public int Order => 20;

    public async Task RunAsync(IServiceProvider scopedServices, CancellationToken cancellationToken)
    {
        var db = scopedServices.GetRequiredService<VenuesDbContext>();
        if (!options.Value.Enabled || await db.Venues.AnyAsync(cancellationToken))
        {
            return;
        }

        var sender = scopedServices.GetRequiredService<ISender>();
        var now = clock.GetUtcNow();
        foreach (var demo in Venues)
        {
            if (await sender.Send(new GetOrganisationSummaryBySlugQuery(demo.Organisation), cancellationToken) is not { } owner)
            {
                continue;
            }

            db.Venues.Add(Venue.Create(owner.Id, new VenueDetails(demo.Name, demo.Address, null, demo.Town, demo.Region, demo.Postcode, "GB", demo.Latitude, demo.Longitude, null, demo.Access, null), now));
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
