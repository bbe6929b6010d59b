using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace RecoveryPlatform.Modules.Referrals;

/// <summary>The Referrals module's registration. Its features arrive with their issue; the host already composes it.</summary>
public static class ReferralsModule
{
    public static IServiceCollection AddReferralsModule(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapReferralsEndpoints(this IEndpointRouteBuilder api) => api;
}
