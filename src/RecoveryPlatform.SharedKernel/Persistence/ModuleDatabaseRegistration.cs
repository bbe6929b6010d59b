using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RecoveryPlatform.SharedKernel.Auditing;
using RecoveryPlatform.SharedKernel.Messaging;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace RecoveryPlatform.SharedKernel.Persistence;

public static class ModuleDatabaseRegistration
{
    /// <summary>
    /// Registers a module's DbContext. Each provider has its own subclass because EF Core keeps
    /// one migrations set per context type; <typeparamref name="TContext"/> resolves to whichever
    /// subclass the configured provider needs, so handlers never see the difference.
    /// </summary>
    public static IServiceCollection AddModuleDbContext<TContext, TSqliteContext, TSqlServerContext>(this IServiceCollection services, string schema)
        where TContext : ModuleDbContext
        where TSqliteContext : TContext
        where TSqlServerContext : TContext
    {
        services.TryAddScoped<AuditingInterceptor>();
        services.TryAddScoped<CrossModuleTransaction>();
        services.AddDbContext<TSqliteContext>((sp, options) =>
        {
            ConfigureProvider(options, DatabaseProvider.Sqlite, ConnectionString(sp), schema, typeof(TSqliteContext));
            options.AddInterceptors(sp.GetRequiredService<AuditingInterceptor>());
        });
        services.AddDbContext<TSqlServerContext>((sp, options) =>
        {
            ConfigureProvider(options, DatabaseProvider.SqlServer, ConnectionString(sp), schema, typeof(TSqlServerContext));
            options.AddInterceptors(sp.GetRequiredService<AuditingInterceptor>());
        });

        services.AddScoped<TContext>(sp => sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider == DatabaseProvider.Sqlite
            ? sp.GetRequiredService<TSqliteContext>()
            : sp.GetRequiredService<TSqlServerContext>());

        // One unit of work per module and scope, found by its module's name (the pipeline) or its context's type (a handler).
        services.AddScoped<IUnitOfWork<TContext>>(sp => new ModuleUnitOfWork<TContext>(
            sp.GetRequiredService<TContext>(),
            sp.GetRequiredService<ChangeLogProgress>(),
            sp.GetRequiredService<MessageRouting>(),
            sp.GetService<Idempotency.IdempotentRequest>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<AuditingInterceptor>(),
            sp.GetService<CrossModuleTransaction>()));
        services.AddKeyedScoped<IUnitOfWork>(UnitOfWorkKeys.For(typeof(TContext)), (sp, _) => sp.GetRequiredService<IUnitOfWork<TContext>>());
        services.AddSingleton<IModuleDatabase>(new ModuleDatabase<TContext>(schema));
        services.AddScoped<IModuleAuditTrail>(sp => new ModuleAuditTrail<TContext>(sp.GetRequiredService<TContext>()));
        services.AddHealthChecks().AddCheck<ModuleDatabaseHealthCheck<TContext>>($"database-{schema}", HealthStatus.Unhealthy, ["ready"]);
        return services;
    }

    private static string ConnectionString(IServiceProvider services) =>
        services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString;

    public static void ConfigureProvider(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString, string schema, Type contextType)
    {
        var migrationsAssembly = contextType.Assembly.GetName().Name;
        var history = ModuleDbContext.MigrationsHistoryTable(schema, provider);
        if (provider == DatabaseProvider.Sqlite)
        {
            options.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(migrationsAssembly).MigrationsHistoryTable(history));

            // A migration that changes a column rebuilds the SQLite table, with foreign keys switched off around
            // it, which SQLite allows only outside a transaction. EF warns of this at every rebuild; it is the
            // expected way on SQLite, and the warning on standard output would corrupt the command line's output.
            options.ConfigureWarnings(warnings => warnings.Log((RelationalEventId.NonTransactionalMigrationOperationWarning, LogLevel.Debug)));
        }
        else
        {
            options.UseSqlServer(connectionString, sql => sql
                .MigrationsAssembly(migrationsAssembly)
                .MigrationsHistoryTable(history, schema)
                .EnableRetryOnFailure(maxRetryCount: 3, maxRetryDelay: TimeSpan.FromSeconds(2), errorNumbersToAdd: null));
        }
    }
}
