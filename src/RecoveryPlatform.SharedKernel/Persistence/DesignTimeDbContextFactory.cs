using Microsoft.EntityFrameworkCore;

namespace RecoveryPlatform.SharedKernel.Persistence;

/// <summary>
/// Builds a module's context for the EF Core tools (migrations, pending-change checks) without a
/// running host or a reachable server: SQL Server migrations are generated and scripted offline.
/// </summary>
public static class DesignTimeDbContextFactory
{
    public const string SqliteConnectionString = "Data Source=design-time.db";

    public const string SqlServerConnectionString = "Server=localhost;Database=RecoveryPlatform;Integrated Security=false;User Id=design;Password=design;TrustServerCertificate=true";

    public static DbContextOptions<TContext> Options<TContext>(DatabaseProvider provider, string schema)
        where TContext : DbContext
    {
        var builder = new DbContextOptionsBuilder<TContext>();
        var connectionString = provider == DatabaseProvider.Sqlite ? SqliteConnectionString : SqlServerConnectionString;
        ModuleDatabaseRegistration.ConfigureProvider(builder, provider, connectionString, schema, typeof(TContext));
        return builder.Options;
    }
}
