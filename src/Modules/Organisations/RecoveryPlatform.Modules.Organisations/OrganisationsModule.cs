using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RecoveryPlatform.Modules.Organisations.Authentication;
using RecoveryPlatform.Modules.Organisations.Features.ApiKeys;
using RecoveryPlatform.Modules.Organisations.Features.Audit;
using RecoveryPlatform.Modules.Organisations.Features.Changes;
using RecoveryPlatform.Modules.Organisations.Features.CreateOrganisation;
using RecoveryPlatform.Modules.Organisations.Features.GetOrganisation;
using RecoveryPlatform.Modules.Organisations.Features.ListOrganisations;
using RecoveryPlatform.Modules.Organisations.Features.UpdateOrganisation;
using RecoveryPlatform.Modules.Organisations.Persistence;
using RecoveryPlatform.Modules.Organisations.Startup;
using RecoveryPlatform.SharedKernel.Messaging;
using RecoveryPlatform.SharedKernel.Modules;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.Modules.Organisations;

/// <summary>The Organisations module: tenants, their credentials and who may do what.</summary>
public static class OrganisationsModule
{
    public static IServiceCollection AddOrganisationsModule(this IServiceCollection services)
    {
        services.AddModuleDbContext<OrganisationsDbContext, OrganisationsSqliteDbContext, OrganisationsSqlServerDbContext>(OrganisationsDbContext.SchemaName);
        services.AddSingleton<ApiKeySecrets>();
        services.AddSingleton<ApiKeyCache>();
        services.AddSingleton<ApiKeyUsage>();
        services.AddHostedService<ApiKeyUsageWriter>();
        services.AddSingleton<ILocalReadModel, ApiKeyCacheFollower>();
        services.AddScoped<ApiKeyIssuer>();
        services.AddSingleton<IModuleStartupTask, BootstrapAdminKeyTask>();
        services.AddSingleton<IModuleStartupTask, DemoOrganisationsTask>();
        return services;
    }

    public static IEndpointRouteBuilder MapOrganisationsEndpoints(this IEndpointRouteBuilder api)
    {
        var organisations = api.MapGroup("/organisations").WithTags("Organisations");
        CreateOrganisationEndpoint.Map(organisations);
        ListOrganisationsEndpoint.Map(organisations);
        GetOrganisationEndpoint.Map(organisations);
        UpdateOrganisationEndpoints.Map(organisations);
        ApiKeyEndpoints.Map(organisations);
        ListAuditEntriesEndpoint.Map(api);
        ListChangesEndpoint.Map(api);
        return api;
    }
}
