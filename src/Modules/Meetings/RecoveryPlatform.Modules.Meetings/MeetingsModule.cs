using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace RecoveryPlatform.Modules.Meetings;

/// <summary>The Meetings module's registration. Its features arrive with their issue; the host already composes it.</summary>
public static class MeetingsModule
{
    public static IServiceCollection AddMeetingsModule(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapMeetingsEndpoints(this IEndpointRouteBuilder api) => api;
}
