using Microsoft.Extensions.Options;
using RecoveryPlatform.SharedKernel.Modules;
using RecoveryPlatform.SharedKernel.Persistence;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Api.Infrastructure;

/// <summary>Migrates every module's database, then runs the modules' start-up tasks (bootstrap key, demo data).</summary>
internal sealed partial class DatabaseInitialiser(
    IServiceScopeFactory scopes,
    IEnumerable<IModuleDatabase> databases,
    IEnumerable<IModuleStartupTask> startupTasks,
    IOptions<DatabaseOptions> options,
    ILogger<DatabaseInitialiser> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStartup)
        {
            foreach (var database in databases)
            {
                await using var scope = scopes.CreateAsyncScope();
                await database.MigrateAsync(scope.ServiceProvider, cancellationToken);
            }

            LogMigrated(databases.Count());
        }

        foreach (var task in startupTasks.OrderBy(t => t.Order))
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CallerAccessor>().RunAs(Caller.System);
            await task.RunAsync(scope.ServiceProvider, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrated {DatabaseCount} module databases")]
    private partial void LogMigrated(int databaseCount);
}
