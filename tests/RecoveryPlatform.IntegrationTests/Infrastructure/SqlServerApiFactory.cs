using Testcontainers.MsSql;

namespace RecoveryPlatform.IntegrationTests.Infrastructure;

/// <summary>
/// The production provider: a real SQL Server in a container, wherever a Docker engine runs.
/// Without one, every test of this fixture is reported as skipped with the reason — never silently passed.
/// </summary>
public sealed class SqlServerApiFactory : ApiFactory
{
    private MsSqlContainer? _container;

    public override async ValueTask InitializeAsync()
    {
        try
        {
            _container = new MsSqlBuilder("mcr.microsoft.com/mssql/server:2022-CU14-ubuntu-22.04").Build();
            await _container.StartAsync();
        }
        catch (Exception exception) when (exception is DotNet.Testcontainers.Builders.DockerUnavailableException or ArgumentException or InvalidOperationException or TimeoutException or System.Net.Http.HttpRequestException)
        {
            SkipReason = $"SQL Server suite needs a Docker engine, and none is reachable here ({exception.GetType().Name}).";
            return;
        }

        Settings["Database:Provider"] = "SqlServer";
        Settings["ConnectionStrings:RecoveryPlatform"] = _container.GetConnectionString();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }
}
