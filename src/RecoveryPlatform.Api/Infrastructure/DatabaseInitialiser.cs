using System.Data.Common;
using Microsoft.Extensions.Options;
using RecoveryPlatform.SharedKernel.Messaging;
using RecoveryPlatform.SharedKernel.Modules;
using RecoveryPlatform.SharedKernel.Persistence;
using RecoveryPlatform.SharedKernel.Security;

namespace RecoveryPlatform.Api.Infrastructure;

/// <summary>
/// Migrates every module's database, marks where this process starts following the change log, then runs
/// the modules' start-up tasks (bootstrap key, demo data, loading the search index).
/// </summary>
internal sealed partial class DatabaseInitialiser(
    IServiceScopeFactory scopes,
    IEnumerable<IModuleDatabase> databases,
    IEnumerable<IModuleStartupTask> startupTasks,
    ChangeLogFollower changeLogFollower,
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

        try
        {
            // Before any read model loads: what commits from here on is applied to them even if the load already saw it.
            await changeLogFollower.StartFromCurrentPositionAsync(cancellationToken);
        }
        catch (DbException exception)
        {
            LogChangeLogDeferred(exception.GetType().Name);
        }

        foreach (var task in startupTasks.OrderBy(t => t.Order))
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ICallerOverride>().RunAs(Caller.System);
            await task.RunAsync(scope.ServiceProvider, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The change log could not be read at start-up ({ExceptionType}); it will be followed once the database answers.")]
    private partial void LogChangeLogDeferred(string exceptionType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrated {DatabaseCount} module databases")]
    private partial void LogMigrated(int databaseCount);
}
