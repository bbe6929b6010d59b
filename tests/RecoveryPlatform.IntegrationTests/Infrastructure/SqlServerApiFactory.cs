namespace RecoveryPlatform.IntegrationTests.Infrastructure;

/// <summary>
/// The production provider: the API on a database of its own in the run's one SQL Server container
/// (see <see cref="SqlServerContainer"/>). The API's migrations create the database at start-up.
/// Without a Docker engine every test of this fixture is reported as skipped with the reason — never
/// silently passed; any other failure to start fails them.
/// </summary>
public sealed class SqlServerApiFactory(SqlServerContainer server) : ApiFactory
{
    public override async ValueTask InitializeAsync()
    {
        var (connectionString, skipReason) = await server.NewDatabaseAsync();
        if (connectionString is null)
        {
            SkipReason = skipReason;
            return;
        }

        Settings["Database:Provider"] = "SqlServer";
        Settings["ConnectionStrings:RecoveryPlatform"] = connectionString;
    }
}
