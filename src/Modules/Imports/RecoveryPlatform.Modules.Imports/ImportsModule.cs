using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RecoveryPlatform.Modules.Imports.Features;
using RecoveryPlatform.Modules.Imports.Persistence;
using RecoveryPlatform.Modules.Imports.Running;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.Modules.Imports;

/// <summary>The Imports module: directory files (Meeting Guide JSON, spreadsheets, BMLT exports) brought into an organisation's directory.</summary>
public static class ImportsModule
{
    public static IServiceCollection AddImportsModule(this IServiceCollection services)
    {
        services.AddModuleDbContext<ImportsDbContext, ImportsSqliteDbContext, ImportsSqlServerDbContext>(ImportsDbContext.SchemaName);
        services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.SectionName)
            .Validate(o => o.MeetingsPerSlice >= 1, "Imports:MeetingsPerSlice must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<ImportQueueSignal>();
        services.AddSingleton<ImportTelemetry>();
        services.AddHostedService<ImportRunner>();
        return services;
    }

    public static IEndpointRouteBuilder MapImportsEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup(string.Empty).WithTags("Imports");
        SubmitImportEndpoint.Map(group, api.ServiceProvider.GetRequiredService<IOptions<ImportOptions>>().Value.MaxFileBytes);
        GetImportEndpoint.Map(group);
        return api;
    }
}
