using Microsoft.Data.Sqlite;
using RecoveryPlatform.SharedKernel.Persistence;

namespace RecoveryPlatform.Api.Infrastructure;

/// <summary>
/// The embedded default: one SQLite file in a data folder. Checked before the host is built so that
/// a folder we cannot write, or a file that is not a database, stops start-up at once with one
/// clear line naming the path, rather than with a stack trace from the first request.
/// </summary>
internal static class DataFolder
{
    public const string DatabaseFileName = "recoveryplatform.db";

    public static string Resolve(IConfiguration configuration, string contentRoot) =>
        Path.GetFullPath(configuration["RecoveryPlatform:DataDirectory"] is { Length: > 0 } configured ? configured : "data", contentRoot);

    /// <summary>
    /// Fills in the provider's connection string: the configured one, or for SQLite the data folder's file.
    /// Returns an error naming the path when the folder or file cannot be used.
    /// </summary>
    public static string? Prepare(IConfiguration configuration, string contentRoot, DatabaseOptions options)
    {
        var configured = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        if (options.Provider == DatabaseProvider.SqlServer)
        {
            if (string.IsNullOrWhiteSpace(configured))
            {
                return $"Database:Provider is SqlServer but ConnectionStrings:{DatabaseOptions.ConnectionStringName} is not set.";
            }

            options.ConnectionString = configured;
            return null;
        }

        if (!string.IsNullOrWhiteSpace(configured))
        {
            options.ConnectionString = configured;
            return null;
        }

        var folder = Resolve(configuration, contentRoot);
        var file = Path.Combine(folder, DatabaseFileName);
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".write-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"The data folder '{folder}' is not writable ({exception.GetType().Name}). Set RecoveryPlatform__DataDirectory to a folder this process can write.";
        }

        options.ConnectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = true, DefaultTimeout = 30 }.ToString();
        try
        {
            using var connection = new SqliteConnection(options.ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();

            // WAL lets readers carry on while one writer commits, and survives a killed process.
            command.CommandText = "PRAGMA journal_mode=WAL; SELECT count(*) FROM sqlite_master;";
            command.ExecuteScalar();
        }
        catch (SqliteException exception)
        {
            return $"The database file '{file}' cannot be opened: {exception.Message.TrimEnd('.')}. Move it aside to start with an empty directory, or restore a backup.";
        }

        return null;
    }
}
