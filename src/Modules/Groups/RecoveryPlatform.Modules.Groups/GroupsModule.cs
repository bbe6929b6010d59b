using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.Modules.Groups.Features.CreateGroup;
using RecoveryPlatform.Modules.Groups.Features.DeleteGroup;
using RecoveryPlatform.Modules.Groups.Features.GetGroup;
using RecoveryPlatform.Modules.Groups.Features.Imports;
using RecoveryPlatform.Modules.Groups.Features.ListGroups;
using RecoveryPlatform.Modules.Groups.Features.UpdateGroup;
using RecoveryPlatform.Modules.Groups.Features.VerifyGroup;
using RecoveryPlatform.Modules.Groups.Persistence;
using RecoveryPlatform.Modules.Groups.Startup;
using RecoveryPlatform.SharedKernel.Imports;
using RecoveryPlatform.SharedKernel.Modules;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.Modules.Groups;

/// <summary>The Groups module: the communities (an AA group, a SMART meeting's host) that hold meetings.</summary>
public static class GroupsModule
{
    public static IServiceCollection AddGroupsModule(this IServiceCollection services)
    {
        services.AddModuleDbContext<GroupsDbContext, GroupsSqliteDbContext, GroupsSqlServerDbContext>(GroupsDbContext.SchemaName);
        services.AddSingleton<IModuleStartupTask, ContactPhonesToE164Task>();
        services.AddSingleton<IModuleStartupTask, DemoGroupsTask>();
        services.AddImportRunMemory<KnownGroups>();
        return services;
    }

    public static IEndpointRouteBuilder MapGroupsEndpoints(this IEndpointRouteBuilder api)
    {
        var groups = api.MapGroup("/groups").WithTags("Groups");
        CreateGroupEndpoint.Map(groups);
        ListGroupsEndpoint.Map(groups);
        GetGroupEndpoint.Map(groups);
        UpdateGroupEndpoints.Map(groups);
        DeleteGroupEndpoint.Map(groups);
        VerifyGroupEndpoint.Map(groups);
        return api;
    }
}
