using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace RecoveryPlatform.Modules.Groups;

/// <summary>The Groups module's registration. Its features arrive with their issue; the host already composes it.</summary>
public static class GroupsModule
{
    public static IServiceCollection AddGroupsModule(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapGroupsEndpoints(this IEndpointRouteBuilder api) => api;
}
