using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RecoveryPlatform.SharedKernel.Persistence;

/// <summary>A module's database as the platform sees it: something to migrate, with an outbox to deliver and follow.</summary>
public interface IModuleDatabase
{
    string Schema { get; }

    /// <summary>The module's assembly: endpoints mapped from it store their data (idempotency records) here.</summary>
    System.Reflection.Assembly ModuleAssembly { get; }

    Task MigrateAsync(IServiceProvider scopedServices, CancellationToken cancellationToken);

    /// <summary>The module's context in <paramref name="scopedServices"/>' scope (for the platform's own background work: outbox, change log).</summary>
    ModuleDbContext ContextIn(IServiceProvider scopedServices);
}

public sealed class ModuleDatabase<TContext>(string schema) : IModuleDatabase
    where TContext : ModuleDbContext
{
    public string Schema { get; } = schema;

    public System.Reflection.Assembly ModuleAssembly => typeof(TContext).Assembly;

    public Task MigrateAsync(IServiceProvider scopedServices, CancellationToken cancellationToken) =>
        scopedServices.GetRequiredService<TContext>().Database.MigrateAsync(cancellationToken);

    public ModuleDbContext ContextIn(IServiceProvider scopedServices) => scopedServices.GetRequiredService<TContext>();
}

/// <summary>Readiness: the module's database answers a trivial query within the probe's time.</summary>
public sealed class ModuleDatabaseHealthCheck<TContext>(TContext db) : IHealthCheck
    where TContext : ModuleDbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy("The database answers.")
                : HealthCheckResult.Unhealthy("The database cannot be reached.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The exception text can name servers and users: report only that the database is down.
            return HealthCheckResult.Unhealthy("The database cannot be reached.");
        }
    }
}
