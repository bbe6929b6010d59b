using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace RecoveryPlatform.Modules.Venues;

/// <summary>The Venues module's registration. Its features arrive with their issue; the host already composes it.</summary>
public static class VenuesModule
{
    public static IServiceCollection AddVenuesModule(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapVenuesEndpoints(this IEndpointRouteBuilder api) => api;
}
