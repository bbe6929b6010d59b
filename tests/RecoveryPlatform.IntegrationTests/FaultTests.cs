using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace RecoveryPlatform.IntegrationTests;

/// <summary>A database the API cannot reach: readiness fails and requests fail fast with 503, not 500 or a hang.</summary>
public sealed class UnreachableDatabaseFactory : ApiFactory
{
    public UnreachableDatabaseFactory()
    {
        // A read-only open of a file that does not exist fails the way a lost database does.
        Settings["ConnectionStrings:RecoveryPlatform"] = $"Data Source={Path.Combine(Path.GetTempPath(), "recoveryplatform-missing", Guid.NewGuid().ToString("N"), "gone.db")};Mode=ReadOnly";
        Settings["Database:MigrateOnStartup"] = "false";
        Settings["RecoveryPlatform:BootstrapAdminKey"] = string.Empty;
    }
}

public sealed class UnreachableDatabaseTests(UnreachableDatabaseFactory api) : ApiTest<UnreachableDatabaseFactory>(api)
{
    [Fact]
    public async Task Readiness_fails_while_liveness_holds()
    {
        (await Api.Anonymous().GetAsync("/health/live", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var ready = await Api.Anonymous().GetAsync("/health/ready", Cancellation);
        ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var report = await ready.ShouldBeJsonAsync(HttpStatusCode.ServiceUnavailable);
        report["status"]!.GetValue<string>().ShouldBe("Unhealthy");

        // Which checks fail, by name: the databases, and the read models that cannot confirm they are current.
        var failing = report["failing"]!.AsArray().Select(name => name!.GetValue<string>()).ToList();
        failing.ShouldContain("database-meetings");
        failing.ShouldContain("snapshot");
        failing.ShouldNotContain("outbox-dispatcher");
        report["checks"]!["database-meetings"]!["description"]!.GetValue<string>().ShouldBe("The database cannot be reached.");
    }

    [Fact]
    public async Task Requests_fail_with_a_503_problem_and_retry_after()
    {
        var started = Stopwatch.StartNew();
        var response = await Api.Anonymous().GetAsync("/api/v1/organisations", Cancellation);
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter.ShouldNotBeNull();
        problem.ContainsKey("detail").ShouldBeTrue();
        problem["detail"]!.GetValue<string>().ShouldNotContain("gone.db");
        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }
}

/// <summary>Start-up with a data folder it cannot use stops at once, with one line naming the path.</summary>
public sealed class StartupFailureTests
{
    private static string ApiAssembly => typeof(Program).Assembly.Location;

    [Fact]
    public async Task A_data_folder_that_cannot_be_created_stops_start_up_naming_the_path()
    {
        var blocker = Path.Combine(Path.GetTempPath(), $"recoveryplatform-blocker-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(blocker, "a file where a folder should be", TestContext.Current.CancellationToken);
        var folder = Path.Combine(blocker, "data");
        try
        {
            var (exitCode, output) = await RunApiAsync(folder);

            exitCode.ShouldNotBe(0);
            output.ShouldContain(folder);
            output.ShouldContain("not writable");
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    [Fact]
    public async Task A_corrupt_database_file_stops_start_up_naming_the_file()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"recoveryplatform-corrupt-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "recoveryplatform.db");
        await File.WriteAllBytesAsync(file, Enumerable.Repeat((byte)0x5A, 8192).ToArray(), TestContext.Current.CancellationToken);
        try
        {
            var (exitCode, output) = await RunApiAsync(folder);

            exitCode.ShouldNotBe(0);
            output.ShouldContain(file);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunApiAsync(string dataFolder)
    {
        var start = new ProcessStartInfo("dotnet", [ApiAssembly, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(ApiAssembly)!,
        };
        start.Environment["RecoveryPlatform__DataDirectory"] = dataFolder;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The API kept running instead of failing fast.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}

/// <summary>An API with one endpoint that fails unexpectedly, as a bug would.</summary>
public sealed class FaultyEndpointFactory : DataFolderApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, FaultyEndpoint>());
    }

    private sealed class FaultyEndpoint : IStartupFilter
    {
        // After the application's own pipeline, so its exception handler wraps this unmatched route.
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use(async (context, nextMiddleware) =>
            {
                if (context.Request.Path == "/fault")
                {
                    throw new InvalidOperationException("secret internal detail: Server=db01;Password=hunter2");
                }

                await nextMiddleware(context);
            });
        };
    }
}

public sealed class UnexpectedFaultTests(FaultyEndpointFactory api) : ApiTest<FaultyEndpointFactory>(api)
{
    [Fact]
    public async Task An_unexpected_fault_is_a_500_problem_without_internals()
    {
        var response = await Api.Anonymous().GetAsync("/fault", Cancellation);
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.InternalServerError);
        var text = problem.ToJsonString();
        text.ShouldNotContain("hunter2");
        text.ShouldNotContain("InvalidOperationException");
        text.ShouldNotContain(" at ");
    }
}

/// <summary>An API with one endpoint slower than the request timeout of one second.</summary>
public sealed class SlowEndpointFactory : DataFolderApiFactory
{
    public SlowEndpointFactory() => Settings["RecoveryPlatform:RequestTimeoutSeconds"] = "1";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, SlowEndpoint>());
    }

    private sealed class SlowEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use(async (context, nextMiddleware) =>
            {
                if (context.Request.Path == "/slow")
                {
                    await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);
                    return;
                }

                await nextMiddleware(context);
            });
        };
    }
}

public sealed class RequestTimeoutTests(SlowEndpointFactory api) : ApiTest<SlowEndpointFactory>(api)
{
    [Fact]
    public async Task A_request_past_the_timeout_is_a_503_problem_with_retry_after_not_a_499()
    {
        using var client = Api.Anonymous();
        (await client.GetAsync("/health/live", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var started = Stopwatch.StartNew();

        var response = await client.GetAsync("/slow", Cancellation);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);
        problem["detail"]!.GetValue<string>().ShouldContain("longer than 1 s");
        response.Headers.RetryAfter.ShouldNotBeNull();
        started.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }
}
