namespace RecoveryPlatform.SharedKernel.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>Bound from the <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public const string ConnectionStringName = "RecoveryPlatform";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations when the API starts (on by default; turn off where a deployment pipeline migrates).</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>
    /// The resolved connection string. For SQLite without one configured, the host points it at
    /// <c>recoveryplatform.db</c> in the data folder.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;
}
