using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.Modules.Venues.Features.CreateVenue;
using RecoveryPlatform.Modules.Venues.Features.DeleteVenue;
using RecoveryPlatform.Modules.Venues.Features.GetVenue;
using RecoveryPlatform.Modules.Venues.Features.Imports;
using RecoveryPlatform.Modules.Venues.Features.ListVenues;
using RecoveryPlatform.Modules.Venues.Features.NearbyDuplicates;
using RecoveryPlatform.Modules.Venues.Features.UpdateVenue;
using RecoveryPlatform.Modules.Venues.Persistence;
using RecoveryPlatform.Modules.Venues.Startup;
using RecoveryPlatform.SharedKernel.Imports;
using RecoveryPlatform.SharedKernel.Modules;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.Modules.Venues;

/// <summary>The Venues module: the places where meetings happen.</summary>
public static class VenuesModule
{
    public static IServiceCollection AddVenuesModule(this IServiceCollection services)
    {
        services.AddModuleDbContext<VenuesDbContext, VenuesSqliteDbContext, VenuesSqlServerDbContext>(VenuesDbContext.SchemaName);
        services.AddSingleton<IModuleStartupTask, DemoVenuesTask>();
        services.AddImportRunMemory<ImportVenuesHandler.KnownPlaces>();
        return services;
    }

    public static IEndpointRouteBuilder MapVenuesEndpoints(this IEndpointRouteBuilder api)
    {
        var venues = api.MapGroup("/venues").WithTags("Venues");
        CreateVenueEndpoint.Map(venues);
        ListVenuesEndpoint.Map(venues);
        GetVenueEndpoint.Map(venues);
        UpdateVenueEndpoints.Map(venues);
        DeleteVenueEndpoint.Map(venues);
        NearbyDuplicatesEndpoint.Map(venues);
        return api;
    }
}
