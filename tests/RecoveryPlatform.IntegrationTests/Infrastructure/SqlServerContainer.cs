using DotNet.Testcontainers.Builders;
using Microsoft.Data.SqlClient;
using Testcontainers.MsSql;

[assembly: AssemblyFixture(typeof(SqlServerContainer))]

namespace RecoveryPlatform.IntegrationTests.Infrastructure;

/// <summary>
/// One SQL Server for the whole test run, shared by every <see cref="SqlServerApiFactory"/>; each of
/// them works in a database of its own on it. Starting a SQL Server container takes tens of seconds,
/// so it is started once, and only when the first SQL Server test class asks for it: a run filtered to
/// SQLite tests never starts it.
/// </summary>
/// <remarks>
/// A machine without a Docker engine reports the SQL Server tests as skipped, with the reason. On a
/// machine that must run them (CI with Docker), set <see cref="RequireVariable"/> to 1 and a missing
/// engine fails them instead. Any other start-up failure always fails them.
/// </remarks>
public sealed class SqlServerContainer : IAsyncDisposable
{
    public const string RequireVariable = "RECOVERYPLATFORM_REQUIRE_SQLSERVER";

    private const string Image = "mcr.microsoft.com/mssql/server:2022-CU14-ubuntu-22.04";

    private readonly Lazy<Task<(MsSqlContainer? Container, DockerUnavailableException? NoEngine)>> _started = new(StartAsync);

    public static bool IsRequired => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>
    /// A connection string to a database nobody has used yet (the API's migrations create it), or null
    /// with the reason to skip when no Docker engine is reachable and none is required.
    /// </summary>
    public async Task<(string? ConnectionString, string? SkipReason)> NewDatabaseAsync()
    {
        try
        {
            var (container, noEngine) = await _started.Value;
            if (container is null)
            {
                var details = string.Join(' ', noEngine!.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).SkipWhile(line => line != "Details:").Skip(1).Distinct());
                return (null, $"The SQL Server tests need a Docker engine and none is reachable here ({details}). Set {RequireVariable}=1 to fail instead of skipping.");
            }

            var connection = new SqlConnectionStringBuilder(container.GetConnectionString()) { InitialCatalog = $"rp_{Guid.NewGuid():N}" };
            return (connection.ConnectionString, null);
        }
        catch (DockerUnavailableException exception) when (IsRequired)
        {
            throw new InvalidOperationException($"{RequireVariable}=1, but no Docker engine is reachable to run SQL Server: {exception.Message}", exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_started.IsValueCreated && _started.Value.IsCompletedSuccessfully && _started.Value.Result.Container is { } container)
        {
            await container.DisposeAsync();
        }
    }

    /// <summary>No container when there is no Docker engine; any other failure is thrown to every test that needs the server.</summary>
    private static async Task<(MsSqlContainer? Container, DockerUnavailableException? NoEngine)> StartAsync()
    {
        MsSqlContainer container;
        try
        {
            // Build() is where Testcontainers looks for an engine, and throws this when it finds none.
            container = new MsSqlBuilder(Image).Build();
        }
        catch (DockerUnavailableException noEngine) when (!IsRequired)
        {
            return (null, noEngine);
        }

        try
        {
            await container.StartAsync();
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }

        return (container, null);
    }
}
