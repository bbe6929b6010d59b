using System.Reflection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace RecoveryPlatform.IntegrationTests.Infrastructure;

/// <summary>
/// The API on SQLite, with every query and save replayed for SQL Server into <see cref="Capture"/>
/// (see <see cref="SqlServerMirror"/>). No SQL Server is reached: its connection is pretend.
/// </summary>
public sealed class SqlServerCaptureApiFactory : DataFolderApiFactory
{
    /// <summary>Never connected to; SqlClient only has to accept it.</summary>
    private const string PretendConnectionString = "Server=capture;Database=capture;User Id=x;Password=x;TrustServerCertificate=true";

    private static readonly MethodInfo ConfigureDbContext = typeof(EntityFrameworkServiceCollectionExtensions).GetMethods()
        .Single(m => m.Name == nameof(EntityFrameworkServiceCollectionExtensions.ConfigureDbContext)
            && m.GetParameters().Select(p => p.ParameterType).SequenceEqual([typeof(IServiceCollection), typeof(Action<DbContextOptionsBuilder>), typeof(ServiceLifetime)]));

    public SqlServerCaptureApiFactory(SqlServerCapture capture)
    {
        Capture = capture;
    }

    public SqlServerCapture Capture { get; }


    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(new SqlServerMirror(Capture));
            var pretendConnections = new CapturedConnectionInterceptor(Capture);
            var saves = new MirroringSaveChangesInterceptor();
            foreach (var (sqlite, sqlServer) in ModuleContexts.SqlServerTwinOfSqlite)
            {
                Configure(services, sqlite, options => MirroringQueryCompiler.Install(options, saves));
                Configure(services, sqlServer, options => options.UseSqlServer(PretendConnectionString).AddInterceptors(pretendConnections));
            }
        });
    }

    /// <summary>Adds to the context's own configuration, after the module's (ConfigureDbContext, EF Core 9+).</summary>
    private static void Configure(IServiceCollection services, Type context, Action<DbContextOptionsBuilder> configure) =>
        ConfigureDbContext.MakeGenericMethod(context).Invoke(null, [services, configure, ServiceLifetime.Singleton]);
}
